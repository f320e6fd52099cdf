package model

// The zone database is embedded, so that a process's dates are the same on
// a server without one (a bare container, Windows) as everywhere else.
import _ "time/tzdata"
