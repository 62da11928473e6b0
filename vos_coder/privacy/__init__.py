"""Confidentiality by design: key file (keyfile), identifier matching
(pseudonymise), pattern detectors (detectors), placeholders, the import
transform (transform) and the disclosure check (disclosure). Withdrawal,
purge, redaction and backups live in vos_coder/store/privacy.py."""
