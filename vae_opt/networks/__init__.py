"""The networks of the method, their layers and losses, and how they are saved and loaded."""
