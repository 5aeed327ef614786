"""What the clerk, the manager and IT see of the sync with HQ: status bar, sync page, conflicts."""
