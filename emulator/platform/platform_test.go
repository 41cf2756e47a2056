package platform

import (
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTenantComesFromHeaderThenHostThenDefault(t *testing.T) {
	cases := []struct{ host, header, want string }{
		{"127.0.0.1:4705", "", "default"},
		{"acme.localhost:4705", "", "acme"},
		{"acme.localhost", "", "acme"},
		{"acme.localhost:4705", "beta", "beta"},
		{"localhost:4705", "", "default"},
		{"[::1]:4705", "", "default"},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		r.Host = c.host
		if c.header != "" {
			r.Header.Set(TenantHeader, c.header)
		}
		require.Equal(t, c.want, Tenant(r), "%+v", c)
	}
}

func TestTenantURL(t *testing.T) {
	require.Equal(t, "http://127.0.0.1:4705", TenantURL("http://127.0.0.1:4705", "default"))
	require.Equal(t, "http://acme.localhost:4705", TenantURL("http://127.0.0.1:4705", "acme"))
}
