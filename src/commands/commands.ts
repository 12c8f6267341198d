/** The ribbon's function file: the only command opens the task pane, which the manifest does itself. */
if (typeof Office !== "undefined") void Office.onReady();
