"""rtcdesk: meetings, participant lists and follow-up action surveys for the
WCO Asia/Pacific Regional Training Centres and ROCB A/P."""

__version__ = "0.1.0"
APP_NAME = "rtcdesk"
APP_AUTHOR = "rtcdesk"
