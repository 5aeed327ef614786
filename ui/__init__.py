"""The Qt application: windows, dialogs, models and the Qt bridge for devices and printing."""
