"""Actions: small classes with one job each. They read the tracker and the
turn context and return events; they never know the channel's format."""
