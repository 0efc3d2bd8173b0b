"""The public case every desk shares: received, due, alarmed, looked up and answered (issue #19)."""
