package platform

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"
)

func TestPasswordsLongerThanBcryptReadsCountEveryByte(t *testing.T) {
	long := "Aa1!" + strings.Repeat("é", 120) // 244 bytes: x/crypto's bcrypt refuses it
	hash, err := HashPassword(long, bcrypt.MinCost)
	require.NoError(t, err)
	require.True(t, PasswordMatches(hash, long))
	require.False(t, PasswordMatches(hash, long[:len(long)-2]+"e"), "a change past byte 72 is another password")

	short := "Demo-password-1"
	hash, err = HashPassword(short, bcrypt.MinCost)
	require.NoError(t, err)
	require.NoError(t, bcrypt.CompareHashAndPassword([]byte(hash), []byte(short)), "short passwords keep plain bcrypt hashes")
	require.True(t, PasswordMatches(hash, short))
	require.False(t, PasswordMatches(hash, short+"x"))
}
