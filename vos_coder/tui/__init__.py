"""The Textual coding workbench. Import ``vos_coder.tui.app.VosApp`` lazily:
nothing outside this package imports Textual."""
