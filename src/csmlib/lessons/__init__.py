"""One module per notebook: the exercises and widgets that notebook uses."""
