<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ActionsTab</name>
    <message numerus="yes">
        <source>%n day(s) late</source>
        <translation>
            <numerusform>%n day late</numerusform>
            <numerusform>%n days late</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ActionsWorkspace</name>
    <message numerus="yes">
        <source>%n action item(s)</source>
        <extracomment>The item dialog that is open (for tests and to keep it alive).</extracomment>
        <translation>
            <numerusform>%n action item</numerusform>
            <numerusform>%n action items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AddDelegationDialog</name>
    <message numerus="yes">
        <source>&amp;Add %n delegation(s)</source>
        <translation>
            <numerusform>&amp;Add %n delegation</numerusform>
            <numerusform>&amp;Add %n delegations</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AgendaTab</name>
    <message numerus="yes">
        <source>Its %n speaker(s) come off the agenda; the people stay on record.</source>
        <translation>
            <numerusform>Its speaker comes off the agenda; the person stays on record.</numerusform>
            <numerusform>Its %n speakers come off the agenda; the people stay on record.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BackgroundTask</name>
    <message numerus="yes">
        <source>%Ln row(s)</source>
        <translation>
            <numerusform>%Ln row</numerusform>
            <numerusform>%Ln rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{done} of %Ln row(s)</source>
        <translation>
            <numerusform>{done} of %Ln row</numerusform>
            <numerusform>{done} of %Ln rows</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CarryOverDialog</name>
    <message numerus="yes">
        <source>Carried %n action item(s) into {meeting}</source>
        <translation>
            <numerusform>Carried %n action item into {meeting}</numerusform>
            <numerusform>Carried %n action items into {meeting}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CollectTab</name>
    <message numerus="yes">
        <source>Reading %n returned file(s)…</source>
        <translation>
            <numerusform>Reading %n returned file…</numerusform>
            <numerusform>Reading %n returned files…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Write stores %n response(s).</source>
        <translation>
            <numerusform>Write stores %n response.</numerusform>
            <numerusform>Write stores %n responses.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n answer(s) that cannot be read are left out: ask the respondents.</source>
        <translation>
            <numerusform>%n answer that cannot be read is left out: ask the respondent.</numerusform>
            <numerusform>%n answers that cannot be read are left out: ask the respondents.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) are refused.</source>
        <translation>
            <numerusform>%n file is refused.</numerusform>
            <numerusform>%n files are refused.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new response(s)</source>
        <translation>
            <numerusform>%n new response</numerusform>
            <numerusform>%n new responses</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n changed</source>
        <translation>
            <numerusform>%n changed</numerusform>
            <numerusform>%n changed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unchanged</source>
        <translation>
            <numerusform>%n unchanged</numerusform>
            <numerusform>%n unchanged</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refused</source>
        <translation>
            <numerusform>%n refused</numerusform>
            <numerusform>%n refused</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CountsPanel</name>
    <message numerus="yes">
        <source>%n participant(s)</source>
        <translation>
            <numerusform>%n participant</numerusform>
            <numerusform>%n participants</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message numerus="yes">
        <source>%Ln participant(s) will be listed.</source>
        <translation>
            <numerusform>%Ln participant will be listed.</numerusform>
            <numerusform>%Ln participants will be listed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln participant(s) to {file}</source>
        <translation>
            <numerusform>Exported %Ln participant to {file}</numerusform>
            <numerusform>Exported %Ln participants to {file}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FromMeetingDialog</name>
    <message numerus="yes">
        <source>%n participant(s) will be added.</source>
        <translation>
            <numerusform>%n participant will be added.</numerusform>
            <numerusform>%n participants will be added.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more are recipients already.</source>
        <translation>
            <numerusform>%n more is a recipient already.</numerusform>
            <numerusform>%n more are recipients already.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Add %n recipient(s)</source>
        <translation>
            <numerusform>Add %n recipient</numerusform>
            <numerusform>Add %n recipients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Added %n recipient(s)</source>
        <translation>
            <numerusform>Added %n recipient</numerusform>
            <numerusform>Added %n recipients</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message numerus="yes">
        <source>The latest %n change(s) are shown; search or choose a kind to find older ones.</source>
        <translation>
            <numerusform>The latest change is shown; search or choose a kind to find older ones.</numerusform>
            <numerusform>The latest %n changes are shown; search or choose a kind to find older ones.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) recorded.</source>
        <translation>
            <numerusform>%n change recorded.</numerusform>
            <numerusform>%n changes recorded.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message numerus="yes">
        <source>The first %n &amp;row(s) as they will be stored; refused cells are red (point at one to see why):</source>
        <translation>
            <numerusform>The first %n &amp;row as they will be stored; refused cells are red (point at one to see why):</numerusform>
            <numerusform>The first %n &amp;rows as they will be stored; refused cells are red (point at one to see why):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sheet &apos;{sheet}&apos;: the header is on row {row}; %n row(s) below it.</source>
        <translation>
            <numerusform>Sheet &apos;{sheet}&apos;: the header is on row {row}; %n row below it.</numerusform>
            <numerusform>Sheet &apos;{sheet}&apos;: the header is on row {row}; %n rows below it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) gain details from the file</source>
        <translation>
            <numerusform>%n record gains details from the file</numerusform>
            <numerusform>%n records gain details from the file</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new organisation(s)</source>
        <translation>
            <numerusform>%n new organisation</numerusform>
            <numerusform>%n new organisations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Checked: {kept} of %n row(s) can be imported: {parts}.</source>
        <translation>
            <numerusform>Checked: {kept} of %n row can be imported: {parts}.</numerusform>
            <numerusform>Checked: {kept} of %n rows can be imported: {parts}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) are refused.</source>
        <translation>
            <numerusform>%n row is refused.</numerusform>
            <numerusform>%n rows are refused.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n detail(s) in the file differ from the record, which keeps its own:</source>
        <translation>
            <numerusform>%n detail in the file differs from the record, which keeps its own:</numerusform>
            <numerusform>%n details in the file differ from the record, which keeps its own:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more.</source>
        <translation>
            <numerusform>and %n more.</numerusform>
            <numerusform>and %n more.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new person(s)</source>
        <translation>
            <numerusform>%n new person</numerusform>
            <numerusform>%n new people</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n person(s) already on record</source>
        <translation>
            <numerusform>%n person already on record</numerusform>
            <numerusform>%n people already on record</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) left out</source>
        <translation>
            <numerusform>%n row left out</numerusform>
            <numerusform>%n rows left out</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) are refused (see Refused rows). Correct the file and choose it again, or tick &apos;Import only the good rows&apos;.</source>
        <translation>
            <numerusform>%n row is refused (see Refused rows). Correct the file and choose it again, or tick &apos;Import only the good rows&apos;.</numerusform>
            <numerusform>%n rows are refused (see Refused rows). Correct the file and choose it again, or tick &apos;Import only the good rows&apos;.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ListWorkspace</name>
    <message numerus="yes">
        <source>{name}: %n of {total} shown</source>
        <translation>
            <numerusform>{name}: %n of {total} shown</numerusform>
            <numerusform>{name}: %n of {total} shown</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MeetingsWorkspace</name>
    <message numerus="yes">
        <source>%n participation(s)</source>
        <translation>
            <numerusform>%n participation</numerusform>
            <numerusform>%n participations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n delegation(s)</source>
        <translation>
            <numerusform>%n delegation</numerusform>
            <numerusform>%n delegations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n agenda item(s)</source>
        <translation>
            <numerusform>%n agenda item</numerusform>
            <numerusform>%n agenda items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n outcome(s)</source>
        <translation>
            <numerusform>%n outcome</numerusform>
            <numerusform>%n outcomes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n action item(s)</source>
        <translation>
            <numerusform>%n action item</numerusform>
            <numerusform>%n action items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n meeting(s)</source>
        <translation>
            <numerusform>%n meeting</numerusform>
            <numerusform>%n meetings</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MergePeopleDialog</name>
    <message numerus="yes">
        <source>%n participation(s)</source>
        <translation>
            <numerusform>%n participation</numerusform>
            <numerusform>%n participations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n speaker slot(s)</source>
        <translation>
            <numerusform>%n speaker slot</numerusform>
            <numerusform>%n speaker slots</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n survey invitation(s)</source>
        <translation>
            <numerusform>%n survey invitation</numerusform>
            <numerusform>%n survey invitations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n headed delegation(s)</source>
        <translation>
            <numerusform>%n headed delegation</numerusform>
            <numerusform>%n headed delegations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n action item(s)</source>
        <translation>
            <numerusform>%n action item</numerusform>
            <numerusform>%n action items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NewSurveyDialog</name>
    <message numerus="yes">
        <source>The built-in follow-up action questionnaire (%n question(s))</source>
        <translation>
            <numerusform>The built-in follow-up action questionnaire (%n question)</numerusform>
            <numerusform>The built-in follow-up action questionnaire (%n questions)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OrganisationForm</name>
    <message numerus="yes">
        <source>%n person(s) work here</source>
        <translation>
            <numerusform>%n person works here</numerusform>
            <numerusform>%n people work here</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>took part in %n meeting(s)</source>
        <translation>
            <numerusform>took part in %n meeting</numerusform>
            <numerusform>took part in %n meetings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>hosted %n meeting(s)</source>
        <translation>
            <numerusform>hosted %n meeting</numerusform>
            <numerusform>hosted %n meetings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>co-organised %n meeting(s)</source>
        <translation>
            <numerusform>co-organised %n meeting</numerusform>
            <numerusform>co-organised %n meetings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n organisation(s) are part of it.</source>
        <translation>
            <numerusform>%n organisation is part of it.</numerusform>
            <numerusform>%n organisations are part of it.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OrganisationsWorkspace</name>
    <message numerus="yes">
        <source>%n organisation(s)</source>
        <extracomment>&quot;New organisation&quot; was asked for (the workspace opens the editor).</extracomment>
        <translation>
            <numerusform>%n organisation</numerusform>
            <numerusform>%n organisations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n person(s) who work there</source>
        <translation>
            <numerusform>%n person who works there</numerusform>
            <numerusform>%n people who work there</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n organisation(s) that are part of it</source>
        <translation>
            <numerusform>%n organisation that is part of it</numerusform>
            <numerusform>%n organisations that are part of it</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ParticipantsTab</name>
    <message numerus="yes">
        <source>Added %n delegation(s)</source>
        <translation>
            <numerusform>Added %n delegation</numerusform>
            <numerusform>Added %n delegations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Its %n participant(s) stay at the meeting without a delegation.</source>
        <translation>
            <numerusform>Its participant stays at the meeting without a delegation.</numerusform>
            <numerusform>Its %n participants stay at the meeting without a delegation.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed the {name} delegation; %n participant(s) have none now</source>
        <translation>
            <numerusform>Removed the {name} delegation; %n participant has none now</numerusform>
            <numerusform>Removed the {name} delegation; %n participants have none now</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n participant(s)</source>
        <translation>
            <numerusform>%n participant</numerusform>
            <numerusform>%n participants</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Marked %n participant(s) as {status}</source>
        <translation>
            <numerusform>Marked %n participant as {status}</numerusform>
            <numerusform>Marked %n participants as {status}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PeopleWorkspace</name>
    <message numerus="yes">
        <source>%n person(s)</source>
        <extracomment>&quot;New person&quot; was asked for (the workspace opens the editor).</extracomment>
        <translation>
            <numerusform>%n person</numerusform>
            <numerusform>%n people</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n participation(s)</source>
        <translation>
            <numerusform>%n participation</numerusform>
            <numerusform>%n participations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n speaker slot(s)</source>
        <translation>
            <numerusform>%n speaker slot</numerusform>
            <numerusform>%n speaker slots</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n survey invitation(s) with their answers</source>
        <translation>
            <numerusform>%n survey invitation with its answers</numerusform>
            <numerusform>%n survey invitations with their answers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n delegation(s) they head</source>
        <translation>
            <numerusform>%n delegation they head</numerusform>
            <numerusform>%n delegations they head</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n action item(s) they own</source>
        <translation>
            <numerusform>%n action item they own</numerusform>
            <numerusform>%n action items they own</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PersonForm</name>
    <message numerus="yes">
        <source>Took part in %n meeting(s):</source>
        <translation>
            <numerusform>Took part in %n meeting:</numerusform>
            <numerusform>Took part in %n meetings:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PersonalDataActions</name>
    <message numerus="yes">
        <source>and %n more</source>
        <extracomment>Items listed per kind in the confirmation; the rest are under &quot;Show Details&quot;.</extracomment>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n participation(s)</source>
        <translation>
            <numerusform>%n participation</numerusform>
            <numerusform>%n participations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n speaker slot(s)</source>
        <translation>
            <numerusform>%n speaker slot</numerusform>
            <numerusform>%n speaker slots</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n survey invitation(s) with their answers</source>
        <translation>
            <numerusform>%n survey invitation with its answers</numerusform>
            <numerusform>%n survey invitations with their answers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n earlier record(s) of them (merged into this one, or deleted) that the change history still holds</source>
        <translation>
            <numerusform>%n earlier record of them (merged into this one, or deleted) that the change history still holds</numerusform>
            <numerusform>%n earlier records of them (merged into this one, or deleted) that the change history still holds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n delegation(s) they head (staying, without a head)</source>
        <translation>
            <numerusform>%n delegation they head (it stays, without a head)</numerusform>
            <numerusform>%n delegations they head (they stay, without a head)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n action item(s) they own (staying, without them as owner)</source>
        <translation>
            <numerusform>%n action item they own (it stays, without them as owner)</numerusform>
            <numerusform>%n action items they own (they stay, without them as owner)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{org} becomes the owner of the %n item(s) that had no owner organisation</source>
        <translation>
            <numerusform>{org} becomes the owner of the %n item that had no owner organisation</numerusform>
            <numerusform>{org} becomes the owner of the %n items that had no owner organisation</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QuestionDialog</name>
    <message numerus="yes">
        <source>%n answer(s) collected already: the type can no longer change, and choices or scale values that answers use must stay.</source>
        <translation>
            <numerusform>%n answer collected already: the type can no longer change, and choices or scale values that answers use must stay.</numerusform>
            <numerusform>%n answers collected already: the type can no longer change, and choices or scale values that answers use must stay.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QuickExports</name>
    <message numerus="yes">
        <source>%n participant(s) join virtually. List them on the sign-in sheet too?</source>
        <extracomment>Who signs in: everyone expected, not those who cancelled or did not come.</extracomment>
        <translation>
            <numerusform>%n participant joins virtually. List them on the sign-in sheet too?</numerusform>
            <numerusform>%n participants join virtually. List them on the sign-in sheet too?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the sign-in sheet of %n participant(s)</source>
        <translation>
            <numerusform>the sign-in sheet of %n participant</numerusform>
            <numerusform>the sign-in sheet of %n participants</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n contact(s)</source>
        <translation>
            <numerusform>%n contact</numerusform>
            <numerusform>%n contacts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n meeting(s)</source>
        <translation>
            <numerusform>%n meeting</numerusform>
            <numerusform>%n meetings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n action item(s)</source>
        <translation>
            <numerusform>%n action item</numerusform>
            <numerusform>%n action items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecipientsTab</name>
    <message numerus="yes">
        <source>%n not answered in full</source>
        <translation>
            <numerusform>%n not answered in full</numerusform>
            <numerusform>%n not answered in full</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of {total} responded ({rate:.0%})</source>
        <translation>
            <numerusform>%n of {total} responded ({rate:.0%})</numerusform>
            <numerusform>%n of {total} responded ({rate:.0%})</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n declined</source>
        <translation>
            <numerusform>%n declined</numerusform>
            <numerusform>%n declined</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n undeliverable</source>
        <translation>
            <numerusform>%n undeliverable</numerusform>
            <numerusform>%n undeliverable</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResponseDialog</name>
    <message numerus="yes">
        <source>%n answer(s) need attention; nothing was saved.</source>
        <translation>
            <numerusform>%n answer needs attention; nothing was saved.</numerusform>
            <numerusform>%n answers need attention; nothing was saved.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResultsTab</name>
    <message numerus="yes">
        <source>%n answer(s)</source>
        <translation>
            <numerusform>%n answer</numerusform>
            <numerusform>%n answers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{responded} of %n recipient(s) responded ({rate:.0%})</source>
        <translation>
            <numerusform>{responded} of %n recipient responded ({rate:.0%})</numerusform>
            <numerusform>{responded} of %n recipients responded ({rate:.0%})</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewModels</name>
    <message numerus="yes">
        <source>%n answer(s)</source>
        <translation>
            <numerusform>%n answer</numerusform>
            <numerusform>%n answers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n answer(s) change</source>
        <translation>
            <numerusform>%n answer changes</numerusform>
            <numerusform>%n answers change</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n cannot be read</source>
        <translation>
            <numerusform>%n cannot be read</numerusform>
            <numerusform>%n cannot be read</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note(s)</source>
        <translation>
            <numerusform>%n note</numerusform>
            <numerusform>%n notes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SendTab</name>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Invitations, to the %n recipient(s) not invited yet</source>
        <translation>
            <numerusform>&amp;Invitations, to the %n recipient not invited yet</numerusform>
            <numerusform>&amp;Invitations, to the %n recipients not invited yet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>R&amp;eminders, to the %n recipient(s) who have not answered in full</source>
        <translation>
            <numerusform>R&amp;eminders, to the %n recipient who has not answered in full</numerusform>
            <numerusform>R&amp;eminders, to the %n recipients who have not answered in full</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n form(s) to {folder}</source>
        <translation>
            <numerusform>Wrote %n form to {folder}</numerusform>
            <numerusform>Wrote %n forms to {folder}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n recipient(s) marked as invited.</source>
        <translation>
            <numerusform>%n recipient marked as invited.</numerusform>
            <numerusform>%n recipients marked as invited.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n reminder(s)</source>
        <translation>
            <numerusform>%n reminder</numerusform>
            <numerusform>%n reminders</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n invitation(s)</source>
        <translation>
            <numerusform>%n invitation</numerusform>
            <numerusform>%n invitations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n draft(s) written</source>
        <translation>
            <numerusform>%n draft written</numerusform>
            <numerusform>%n drafts written</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sent</source>
        <translation>
            <numerusform>%n sent</numerusform>
            <numerusform>%n sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n undeliverable</source>
        <translation>
            <numerusform>%n undeliverable</numerusform>
            <numerusform>%n undeliverable</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n skipped (no e-mail address)</source>
        <translation>
            <numerusform>%n skipped (no e-mail address)</numerusform>
            <numerusform>%n skipped (no e-mail address)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>stopped before %n (not sent)</source>
        <translation>
            <numerusform>stopped before %n (not sent)</numerusform>
            <numerusform>stopped before %n (not sent)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StaleEditDialog</name>
    <message numerus="yes">
        <source>%n added</source>
        <translation>
            <numerusform>%n added</numerusform>
            <numerusform>%n added</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n removed</source>
        <translation>
            <numerusform>%n removed</numerusform>
            <numerusform>%n removed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n changed</source>
        <translation>
            <numerusform>%n changed</numerusform>
            <numerusform>%n changed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SurveyEditor</name>
    <message numerus="yes">
        <source>%n of {total} responded</source>
        <translation>
            <numerusform>%n of {total} responded</numerusform>
            <numerusform>%n of {total} responded</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SurveysWorkspace</name>
    <message numerus="yes">
        <source>%n survey(s)</source>
        <translation>
            <numerusform>%n survey</numerusform>
            <numerusform>%n surveys</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n recipient(s)</source>
        <translation>
            <numerusform>%n recipient</numerusform>
            <numerusform>%n recipients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n response(s)</source>
        <translation>
            <numerusform>%n response</numerusform>
            <numerusform>%n responses</numerusform>
        </translation>
    </message>
</context>
</TS>
