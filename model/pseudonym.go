package model

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// Pseudonym returns a stable pseudonym for a person, for exports and
// reports that must not name people: "person-" and twelve hex digits of an
// HMAC-SHA-256 of the person's ID under key. The same key gives the same
// pseudonym, so one person can be followed through an export; without the
// key the pseudonym cannot be traced back to the ID. Keep the key secret
// and change it between recipients who must not be able to join their
// exports.
func Pseudonym(key []byte, id PersonID) string {
	mac := hmac.New(sha256.New, key)
	b := id.Bytes()
	mac.Write(b[:])
	return "person-" + hex.EncodeToString(mac.Sum(nil)[:6])
}
