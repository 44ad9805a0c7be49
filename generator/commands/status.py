"""Exit statuses of vanban, the same for every command, and what each means to a user."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1  # vanban check: the layout has errors
EXIT_INVALID = 2  # the configuration, a template, the command line or a file cannot be used
EXIT_NO_PDF = 3  # the .docx files were written, the PDFs asked for were not
EXIT_KEPT = 4  # a document edited by hand was kept, its new version written beside it
EXIT_BUG = 70  # a fault in vanban itself (sysexits EX_SOFTWARE): details saved to a file
EXIT_INTERRUPTED = 130  # stopped with Ctrl+C (128 + SIGINT, as shells report it)

# The lines of "Mã thoát:" in each command's help.
OK = (EXIT_OK, "xong")
INVALID = (EXIT_INVALID, "dòng lệnh, cấu hình hoặc mẫu sai, hoặc không đọc/ghi được một tệp "
                         "(thông báo nói rõ tệp nào và cách sửa)")
