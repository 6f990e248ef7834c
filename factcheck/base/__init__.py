"""Ground floor: helpers every app builds on. Imports no app of the project."""
