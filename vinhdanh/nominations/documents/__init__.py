"""Decision documents: DOCX from an editable template, its PDF, signatures, certificates."""
