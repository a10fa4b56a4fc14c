"""Excel files in and out (openpyxl). Plain rows in, files out; no queries, no Qt."""
