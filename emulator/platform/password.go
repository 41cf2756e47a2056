package platform

import (
	"crypto/sha256"
	"encoding/base64"

	"golang.org/x/crypto/bcrypt"
)

// bcryptMaxBytes is the most bcrypt reads of a password; x/crypto refuses longer ones.
const bcryptMaxBytes = 72

// HashPassword hashes a password for storage with bcrypt at the given cost. Contracts
// allow longer passwords than bcrypt's 72 bytes (ASEE: 128 characters), and refusing
// one would be a 500 for a valid request, so a longer password is hashed through its
// SHA-256 digest instead: every byte still counts. A password of 72 bytes or fewer
// gets a plain bcrypt hash, as before, so stored and imported hashes keep working.
func HashPassword(password string, cost int) (string, error) {
	hash, err := bcrypt.GenerateFromPassword(bcryptInput(password), cost)
	return string(hash), err
}

// PasswordMatches reports whether password is the one a HashPassword (or plain
// bcrypt) hash was made from.
func PasswordMatches(hash, password string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), bcryptInput(password)) == nil
}

func bcryptInput(password string) []byte {
	if len(password) <= bcryptMaxBytes {
		return []byte(password)
	}
	sum := sha256.Sum256([]byte(password))
	return []byte(base64.RawStdEncoding.EncodeToString(sum[:]))
}
