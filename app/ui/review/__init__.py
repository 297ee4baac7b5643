"""The review screen of one call and the widgets it is made of, each usable and testable on its own."""
