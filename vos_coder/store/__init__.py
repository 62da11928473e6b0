"""The SQLite project: the only package that talks to the database."""

from vos_coder.store.project import Project

__all__ = ["Project"]
