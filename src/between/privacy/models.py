"""The privacy domain's tables: the audit log."""

from between.privacy.audit import AuditEvent

__all__ = ["AuditEvent"]
