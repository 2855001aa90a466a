"""Every write of the core kernel: one function per use case, each in one transaction, each audited."""
