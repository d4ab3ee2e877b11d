"""The therapist's verbs (list, check, build, booklet, print, email, history, preview, new),
shared by every front door.

Each verb takes a Request (or the few plain values it needs) and returns a result object;
none prints, reads the command line or knows about HTTP. Heavy libraries load inside the
verbs, so a front door that imports this package stays quick to start.
"""
