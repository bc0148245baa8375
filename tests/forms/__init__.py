"""Renderers of the announcements into their published forms (test code, not kcmodel's) and the
comparison every form's test makes: a rendering yields the facts the TAB text yields."""
