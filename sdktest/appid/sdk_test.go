package appid

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"image"
	"image/png"
	"io"
	"math/big"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/IBM/appid-management-go-sdk/appidmanagementv4"
	"github.com/IBM/go-sdk-core/v5/core"
	"github.com/stretchr/testify/require"

	emu "github.com/idemu/idemu/emulator/appid"
	"github.com/idemu/idemu/idemutest"
)

// tenant is idemu's default App ID tenant.
const tenant = emu.DefaultTenant

// service starts idemu and returns IBM's SDK pointed at it, authenticated by IBM's IAM
// authenticator against idemu's IAM token endpoint with the seeded Manager API key.
func service(t *testing.T) (*appidmanagementv4.AppIDManagementV4, *idemutest.Emulator) {
	t.Helper()
	e := idemutest.StartT(t, idemutest.WithProviders("appid"))
	base := e.URL("appid")
	svc, err := appidmanagementv4.NewAppIDManagementV4(&appidmanagementv4.AppIDManagementV4Options{
		URL:           base,
		Authenticator: &core.IamAuthenticator{ApiKey: emu.DefaultAPIKey, URL: base},
	})
	require.NoError(t, err)
	return svc, e
}

func TestApplicationsRolesAndScopes(t *testing.T) {
	svc, _ := service(t)
	app, resp, err := svc.RegisterApplication(svc.NewRegisterApplicationOptions(tenant, "sdk app"))
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.NotEmpty(t, *app.Secret)
	require.True(t, strings.HasSuffix(*app.OAuthServerURL, "/oauth/v4/"+tenant))

	got, _, err := svc.GetApplication(svc.NewGetApplicationOptions(tenant, *app.ClientID))
	require.NoError(t, err)
	require.Equal(t, "sdk app", *got.Name)
	renamed, _, err := svc.UpdateApplication(svc.NewUpdateApplicationOptions(tenant, *app.ClientID, "sdk app 2"))
	require.NoError(t, err)
	require.Equal(t, "sdk app 2", *renamed.Name)

	scopesOpts := svc.NewPutApplicationsScopesOptions(tenant, *app.ClientID)
	scopesOpts.SetScopes([]string{"read", "write"})
	scopes, _, err := svc.PutApplicationsScopes(scopesOpts)
	require.NoError(t, err)
	require.Equal(t, []string{"read", "write"}, scopes.Scopes)

	role, resp, err := svc.CreateRole(svc.NewCreateRoleOptions(tenant, "sdk-reader",
		[]appidmanagementv4.RoleAccessItem{{ApplicationID: app.ClientID, Scopes: []string{"read"}}}))
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	assigned, _, err := svc.PutApplicationsRoles(svc.NewPutApplicationsRolesOptions(tenant, *app.ClientID,
		&appidmanagementv4.UpdateUserRolesParamsRoles{Ids: []string{*role.ID}}))
	require.NoError(t, err)
	require.Equal(t, "sdk-reader", *assigned.Roles[0].Name)
	appRoles, _, err := svc.GetApplicationRoles(svc.NewGetApplicationRolesOptions(tenant, *app.ClientID))
	require.NoError(t, err)
	require.Len(t, appRoles.Roles, 1)
	list, _, err := svc.ListRoles(svc.NewListRolesOptions(tenant))
	require.NoError(t, err)
	require.Len(t, list.Roles, 1)

	_, err = svc.DeleteRole(svc.NewDeleteRoleOptions(tenant, *role.ID))
	require.NoError(t, err)
	_, err = svc.DeleteApplication(svc.NewDeleteApplicationOptions(tenant, *app.ClientID))
	require.NoError(t, err)
	_, resp, err = svc.GetApplication(svc.NewGetApplicationOptions(tenant, *app.ClientID))
	require.Error(t, err)
	require.Equal(t, http.StatusNotFound, resp.StatusCode, "Terraform reads a 404 as gone")
	require.Equal(t, "Application not found", err.Error())
}

func TestConfigurationRoundTrips(t *testing.T) {
	svc, _ := service(t)
	tokens, _, err := svc.GetTokensConfig(svc.NewGetTokensConfigOptions(tenant))
	require.NoError(t, err)
	require.EqualValues(t, 3600, *tokens.Access.ExpiresIn)
	require.False(t, *tokens.Refresh.Enabled)
	put := svc.NewPutTokensConfigOptions(tenant)
	put.SetAccess(&appidmanagementv4.AccessTokenConfigParams{ExpiresIn: core.Int64Ptr(900)})
	put.SetRefresh(&appidmanagementv4.TokenConfigParams{Enabled: core.BoolPtr(true), ExpiresIn: core.Int64Ptr(86400)})
	tokens, _, err = svc.PutTokensConfig(put)
	require.NoError(t, err)
	require.EqualValues(t, 900, *tokens.Access.ExpiresIn)

	fb, _, err := svc.SetFacebookIDP(svc.NewSetFacebookIDPOptions(tenant, &appidmanagementv4.FacebookGoogleConfigParams{
		IsActive: core.BoolPtr(true), Config: &appidmanagementv4.FacebookGoogleConfigParamsConfig{IDPID: core.StringPtr("fb-app"), Secret: core.StringPtr("fb-secret")}}))
	require.NoError(t, err)
	require.Equal(t, "fb-app", *fb.Config.IDPID)
	got, _, err := svc.GetFacebookIDP(svc.NewGetFacebookIDPOptions(tenant))
	require.NoError(t, err)
	require.True(t, *got.IsActive)
	require.NotEmpty(t, *got.RedirectURL)

	cd, _, err := svc.GetCloudDirectoryIDP(svc.NewGetCloudDirectoryIDPOptions(tenant))
	require.NoError(t, err)
	cd.Config.IdentityField = core.StringPtr("email")
	_, _, err = svc.SetCloudDirectoryIDP(svc.NewSetCloudDirectoryIDPOptions(tenant, true, cd.Config))
	require.NoError(t, err)

	saml := svc.NewSetSAMLIDPOptions(tenant, true)
	saml.SetConfig(&appidmanagementv4.SAMLConfigParams{EntityID: core.StringPtr("urn:idp"), SignInURL: core.StringPtr("https://idp.example.test/sso"),
		Certificates: []string{selfSignedPEM(t)}})
	samlResp, _, err := svc.SetSAMLIDP(saml)
	require.NoError(t, err)
	require.Len(t, samlResp.ValidationData.Certificates, 1)
	metadata, _, err := svc.GetSAMLMetadata(svc.NewGetSAMLMetadataOptions(tenant))
	require.NoError(t, err)
	require.Contains(t, *metadata, "SPSSODescriptor")

	redirects := svc.NewUpdateRedirectUrisOptions(tenant, &appidmanagementv4.RedirectURIConfig{RedirectUris: []string{"https://app.example.test/cb"}})
	_, err = svc.UpdateRedirectUris(redirects)
	require.NoError(t, err)
	uris, _, err := svc.GetRedirectUris(svc.NewGetRedirectUrisOptions(tenant))
	require.NoError(t, err)
	require.Equal(t, []string{"https://app.example.test/cb"}, uris.RedirectUris)

	text := svc.NewPostThemeTextOptions(tenant)
	text.SetTabTitle("Sign in")
	text.SetFootnote("Acme")
	_, err = svc.PostThemeText(text)
	require.NoError(t, err)
	theme, _, err := svc.GetThemeText(svc.NewGetThemeTextOptions(tenant))
	require.NoError(t, err)
	require.Equal(t, "Sign in", *theme.TabTitle)

	var logo bytes.Buffer
	require.NoError(t, png.Encode(&logo, image.NewRGBA(image.Rect(0, 0, 8, 8))))
	media := svc.NewPostMediaOptions(tenant, "logo", io.NopCloser(&logo))
	media.SetFileContentType("image/png")
	_, err = svc.PostMedia(media)
	require.NoError(t, err)
	m, _, err := svc.GetMedia(svc.NewGetMediaOptions(tenant))
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(*m.Image, "data:image/png;base64,"))

	langs := svc.NewUpdateLocalizationOptions(tenant)
	langs.SetLanguages([]string{"en", "fr"})
	_, err = svc.UpdateLocalization(langs)
	require.NoError(t, err)
	tmpl := svc.NewUpdateTemplateOptions(tenant, "WELCOME", "fr", "Bienvenue")
	tmpl.SetHTMLBody("<p>Bonjour %{user.displayName}</p>")
	_, _, err = svc.UpdateTemplate(tmpl)
	require.NoError(t, err)
	welcome, _, err := svc.GetTemplate(svc.NewGetTemplateOptions(tenant, "WELCOME", "fr"))
	require.NoError(t, err)
	require.Equal(t, "Bienvenue", *welcome.Subject)
	require.NotEmpty(t, *welcome.Base64EncodedHTMLBody)
	_, err = svc.DeleteTemplate(svc.NewDeleteTemplateOptions(tenant, "WELCOME", "fr"))
	require.NoError(t, err)

	regex := svc.NewSetCloudDirectoryPasswordRegexOptions(tenant)
	regex.SetRegex(`^(?=.*\d).{8,}$`)
	regex.SetErrorMessage("8 characters with a digit")
	rx, _, err := svc.SetCloudDirectoryPasswordRegex(regex)
	require.NoError(t, err)
	require.NotEmpty(t, *rx.Base64EncodedRegex)

	_, _, err = svc.SetCloudDirectoryAction(svc.NewSetCloudDirectoryActionOptions(tenant, "on_user_verified", "https://app.example.test/verified"))
	require.NoError(t, err)
	sso := svc.NewUpdateSSOConfigOptions(tenant, true, 3600, []string{"https://app.example.test/bye"})
	_, err = svc.UpdateSSOConfig(sso)
	require.NoError(t, err)
	_, err = svc.UpdateRateLimitConfig(svc.NewUpdateRateLimitConfigOptions(tenant, 10, 20))
	require.NoError(t, err)
	_, err = svc.SetAuditStatus(svc.NewSetAuditStatusOptions(tenant, true))
	require.NoError(t, err)
	audit, _, err := svc.GetAuditStatus(svc.NewGetAuditStatusOptions(tenant))
	require.NoError(t, err)
	require.True(t, *audit.IsActive)

	channel := svc.NewUpdateChannelOptions(tenant, "nexmo", true)
	channel.SetConfig(map[string]interface{}{"key": "k", "secret": "s", "from": "+15550100000"})
	sms, _, err := svc.UpdateChannel(channel)
	require.NoError(t, err)
	require.Equal(t, "sms", *sms.Type)
	channels, _, err := svc.ListChannels(svc.NewListChannelsOptions(tenant))
	require.NoError(t, err)
	require.Len(t, channels.Channels, 2)
	smsTest, _, err := svc.PostSMSDispatcherTest(svc.NewPostSMSDispatcherTestOptions(tenant, "+15550100001"))
	require.NoError(t, err)
	require.NotZero(t, *smsTest.ConfirmationCode)
	mfa, _, err := svc.UpdateMFAConfig(svc.NewUpdateMFAConfigOptions(tenant, true))
	require.NoError(t, err)
	require.True(t, *mfa.IsActive)
}

func TestCloudDirectoryFlowsAndProfiles(t *testing.T) {
	svc, e := service(t)
	ctx := context.Background()
	emails := []appidmanagementv4.CreateNewUserEmailsItem{{Value: core.StringPtr("sdk@example.test"), Primary: core.BoolPtr(true)}}
	user, resp, err := svc.StartSignUp(svc.NewStartSignUpOptions(tenant, true, emails, "Sdk-password-1"))
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	require.Equal(t, "PENDING", *user.Status)

	code, err := e.Admin("appid").LastCode(ctx, "sdk@example.test")
	require.NoError(t, err)
	confirmed, _, err := svc.UserVerificationResult(svc.NewUserVerificationResultOptions(tenant, code))
	require.NoError(t, err)
	require.True(t, *confirmed.Success)
	require.Equal(t, *user.ID, *confirmed.UUID)

	_, _, err = svc.StartForgotPassword(svc.NewStartForgotPasswordOptions(tenant, "sdk@example.test"))
	require.NoError(t, err)
	resetCode, err := e.Admin("appid").LastCode(ctx, "sdk@example.test")
	require.NoError(t, err)
	reset, _, err := svc.ForgotPasswordResult(svc.NewForgotPasswordResultOptions(tenant, resetCode))
	require.NoError(t, err)
	require.True(t, *reset.Success)
	_, _, err = svc.ChangePassword(svc.NewChangePasswordOptions(tenant, "Sdk-password-2", *user.ID))
	require.NoError(t, err)
	_, _, err = svc.ResendNotification(svc.NewResendNotificationOptions(tenant, "WELCOME", *user.ID))
	require.NoError(t, err)
	_, resp, err = svc.ResendNotification(svc.NewResendNotificationOptions(tenant, "USER_VERIFICATION", *user.ID))
	require.Error(t, err)
	require.Equal(t, http.StatusConflict, resp.StatusCode)

	info, _, err := svc.CloudDirectoryGetUserinfo(svc.NewCloudDirectoryGetUserinfoOptions(tenant, *user.ID))
	require.NoError(t, err)
	require.NotEmpty(t, *info.Sub)

	list := svc.NewListCloudDirectoryUsersOptions(tenant)
	list.SetQuery("sdk@example.test")
	users, _, err := svc.ListCloudDirectoryUsers(list)
	require.NoError(t, err)
	require.EqualValues(t, 1, *users.TotalResults)

	update := svc.NewUpdateCloudDirectoryUserOptions(tenant, *user.ID, emails)
	update.SetDisplayName("SDK User")
	updated, _, err := svc.UpdateCloudDirectoryUser(update)
	require.NoError(t, err)
	require.Equal(t, "SDK User", *updated.DisplayName)

	attrs := svc.NewUsersSetUserProfileOptions(tenant, *info.Sub, map[string]interface{}{"plan": "gold"})
	_, err = svc.UsersSetUserProfile(attrs)
	require.NoError(t, err)
	search, _, err := svc.UsersSearchUserProfile(func() *appidmanagementv4.UsersSearchUserProfileOptions {
		o := svc.NewUsersSearchUserProfileOptions(tenant, "index")
		o.SetEmail("sdk@example.test")
		return o
	}())
	require.NoError(t, err)
	require.Equal(t, *info.Sub, *search.Users[0].ID)
	_, err = svc.UsersNominateUser(svc.NewUsersNominateUserOptions(tenant, "google", "sdk-google-id"))
	require.NoError(t, err)

	export, _, err := svc.CloudDirectoryExport(svc.NewCloudDirectoryExportOptions("secret", tenant))
	require.NoError(t, err)
	require.Len(t, export.Users, 2, "the seeded user and the one signed up")
	profiles, _, err := svc.UserProfilesExport(svc.NewUserProfilesExportOptions(tenant))
	require.NoError(t, err)
	require.NotEmpty(t, profiles.Users)

	_, err = svc.UsersRevokeRefreshToken(svc.NewUsersRevokeRefreshTokenOptions(tenant, *info.Sub))
	require.NoError(t, err)
	_, err = svc.CloudDirectoryRemove(svc.NewCloudDirectoryRemoveOptions(tenant, *user.ID))
	require.NoError(t, err)
	_, resp, err = svc.GetCloudDirectoryUser(svc.NewGetCloudDirectoryUserOptions(tenant, *user.ID))
	require.Error(t, err)
	require.Equal(t, http.StatusNotFound, resp.StatusCode)

	imported, _, err := svc.CloudDirectoryImport(svc.NewCloudDirectoryImportOptions("secret", tenant, export.Users))
	require.NoError(t, err)
	require.EqualValues(t, 1, *imported.Added, "the removed user comes back; the seeded one already exists")
	require.EqualValues(t, 1, *imported.Failed)
}

// TestUnknownTenantAndRoles: a tenant idemu does not host is App ID's plain 404, and
// an API key's role limits what it may do.
func TestUnknownTenantAndRoles(t *testing.T) {
	svc, e := service(t)
	_, resp, err := svc.ListApplications(svc.NewListApplicationsOptions("no-such-tenant"))
	require.Error(t, err)
	require.Equal(t, http.StatusNotFound, resp.StatusCode)
	require.Equal(t, "Not Found", err.Error())

	reader, err := appidmanagementv4.NewAppIDManagementV4(&appidmanagementv4.AppIDManagementV4Options{
		URL: e.URL("appid"), Authenticator: &core.IamAuthenticator{ApiKey: emu.DefaultReaderAPIKey, URL: e.URL("appid")}})
	require.NoError(t, err)
	_, _, err = reader.ListApplications(reader.NewListApplicationsOptions(tenant))
	require.NoError(t, err)
	_, resp, err = reader.RegisterApplication(reader.NewRegisterApplicationOptions(tenant, "nope"))
	require.Error(t, err)
	require.Equal(t, http.StatusForbidden, resp.StatusCode)

	bad, err := appidmanagementv4.NewAppIDManagementV4(&appidmanagementv4.AppIDManagementV4Options{
		URL: e.URL("appid"), Authenticator: &core.IamAuthenticator{ApiKey: "not-a-key", URL: e.URL("appid")}})
	require.NoError(t, err)
	_, _, err = bad.ListApplications(bad.NewListApplicationsOptions(tenant))
	require.Error(t, err)
	require.Contains(t, err.Error(), "Provided API key could not be found")
}

func selfSignedPEM(t *testing.T) string {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "idp.example.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(365 * 24 * time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}
