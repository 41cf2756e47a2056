package logto

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// apiError is a failure rendered in Logto's error body: {code, data?, details?, message}
// (the key order Logto writes), or, for the few failures Logto does not raise itself,
// a body of another shape (raw).
type apiError struct {
	Status  int
	Code    string
	Data    any
	Details string
	Message string
	Header  map[string]string
	raw     any // replaces the {code,...} body: OIDC errors, JSON syntax errors
	text    string
}

func (e *apiError) Error() string { return e.Code }

// logtoBody is RequestError's JSON form, field order included.
type logtoBody struct {
	Code    string `json:"code"`
	Data    any    `json:"data,omitempty"`
	Details string `json:"details,omitempty"`
	Message string `json:"message"`
}

// fail is a Logto RequestError with its English message filled in from vars.
func fail(status int, code string, vars ...string) *apiError {
	return &apiError{Status: status, Code: code, Message: phrase(code, vars...)}
}

func (e *apiError) withData(data any) *apiError {
	e.Data = data
	return e
}

// notFoundWithID is what Logto's find-by-id answers: the plural table name and the id.
func notFoundWithID(table, id string) *apiError {
	return fail(http.StatusNotFound, "entity.not_exists_with_id", "name", table, "id", id)
}

// entityNotFound is slonik's NotFound: a delete or a one-row query that found nothing.
func entityNotFound() *apiError { return fail(http.StatusNotFound, "entity.not_found") }

// invalidInput is request.invalid_input with the explanation in the message.
func invalidInput(details string) *apiError {
	return fail(http.StatusBadRequest, "request.invalid_input", "details", details)
}

// render writes an error: an apiError as itself, anything else as a logged 500.
func (h *Handler) render(c *gin.Context, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		h.deps.Logger.Error("unexpected failure", "method", c.Request.Method, "path", c.Request.URL.Path, "error", err)
		// Logto's error handler answers anything it did not raise itself this way.
		ae = &apiError{Status: http.StatusInternalServerError, raw: gin.H{"message": "Internal server error."}}
	}
	for k, v := range ae.Header {
		c.Header(k, v)
	}
	switch {
	case ae.text != "":
		c.Abort()
		c.Data(ae.Status, "text/plain; charset=utf-8", []byte(ae.text))
	case ae.raw != nil:
		c.Abort()
		writeJSON(c, ae.Status, ae.raw)
	default:
		c.Abort()
		writeJSON(c, ae.Status, logtoBody{Code: ae.Code, Data: ae.Data, Details: ae.Details, Message: ae.Message})
	}
}

// handle adapts a handler that returns an error to gin.
func (h *Handler) handle(fn func(c *gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := fn(c); err != nil {
			h.render(c, err)
		}
	}
}

// Internal renders the 500 body (used by the server's panic recovery).
func (h *Handler) Internal(c *gin.Context) { h.render(c, errors.New("panic")) }

// phrase fills Logto's English message template for code; vars are name, value pairs.
func phrase(code string, vars ...string) string {
	msg, ok := phrases[code]
	if !ok {
		return code
	}
	for i := 0; i+1 < len(vars); i += 2 {
		msg = strings.ReplaceAll(msg, "{{"+vars[i]+"}}", vars[i+1])
		msg = strings.ReplaceAll(msg, "{{ "+vars[i]+" }}", vars[i+1])
	}
	return msg
}

// phrases are the en message templates of the codes this emulator raises, as Logto's
// phrase files (packages/phrases/src/locales/en/errors) define them.
var phrases = map[string]string{
	"application.invalid_type":                               "Only machine to machine applications can have associated roles.",
	"application.role_exists":                                "The role id {{roleId}} is already been added to this application.",
	"application.invalid_role_type":                          "Can not assign user type role to machine to machine application.",
	"application.invalid_third_party_application_type":       "Only traditional web applications can be marked as a third-party app.",
	"application.third_party_application_only":               "The feature is only available for third-party applications.",
	"application.user_consent_scopes_not_found":              "Invalid user consent scopes.",
	"application.consent_management_api_scopes_not_allowed":  "Management API scopes are not allowed.",
	"application.protected_app_metadata_is_required":         "Protected app metadata is required.",
	"application.protected_application_only":                 "The feature is only available for protected applications.",
	"application.protected_application_misconfigured":        "Protected application is misconfigured.",
	"application.protected_application_subdomain_exists":     "The subdomain of Protected application is already in use.",
	"application.invalid_subdomain":                          "Invalid subdomain.",
	"application.custom_domain_not_found":                    "Custom domain not found.",
	"application.should_delete_custom_domains_first":         "Should delete custom domains first.",
	"application.no_legacy_secret_found":                     "The application does not have a legacy secret.",
	"application.secret_name_exists":                         "Secret name already exists.",
	"application.saml.use_saml_app_api":                      "Use `[METHOD] /saml-applications(/.*)?` API to operate SAML app.",
	"auth.authorization_header_missing":                      "Authorization header is missing.",
	"auth.authorization_token_type_not_supported":            "Authorization type is not supported.",
	"auth.unauthorized":                                      "Unauthorized. Please check credentials and its scope.",
	"auth.forbidden":                                         "Forbidden. Please check your user roles and permissions.",
	"auth.jwt_sub_missing":                                   "Missing `sub` in JWT.",
	"domain.hostname_already_exists":                         "This domain already exists in our server.",
	"domain.limit_to_one_domain":                             "You can only have one custom domain.",
	"entity.create_failed":                                   "Failed to create {{name}}.",
	"entity.not_exists":                                      "The {{name}} does not exist.",
	"entity.not_exists_with_id":                              "The {{name}} with ID `{{id}}` does not exist.",
	"entity.not_found":                                       "The resource does not exist.",
	"entity.relation_foreign_key_not_found":                  "Cannot find one or more foreign keys. Please check the input and ensure that all referenced entities exist.",
	"entity.unique_integrity_violation":                      "The entity already exists. Please check the input and try again.",
	"guard.invalid_input":                                    "The request {{type}} is invalid.",
	"guard.invalid_pagination":                               "The request pagination value is invalid.",
	"organization.require_membership":                        "The user must be a member of the organization to proceed.",
	"connector.invalid_response":                             "The response of connector is invalid.",
	"password.unsupported_encryption_method":                 "The encryption method {{name}} is not supported.",
	"password.invalid_legacy_password_format":                "Invalid legacy password format.",
	"password.unsupported_legacy_hash_algorithm":             "Unsupported legacy hash algorithm: {{algorithm}}.",
	"oidc.invalid_request":                                   "Request is invalid.",
	"oidc.invalid_target":                                    "Invalid resource indicator.",
	"oidc.invalid_scope":                                     "Invalid scope: {{error_description}}.",
	"oidc.unsupported_grant_type":                            "Unsupported `grant_type` requested.",
	"oidc.provider_error_fallback":                           "An OIDC error occurred: {{code}}.",
	"request.invalid_input":                                  "Input is invalid. {{details}}",
	"resource.resource_identifier_in_use":                    "The API identifier {{indicator}} is already in use",
	"resource.cannot_delete_management_api":                  "Cannot delete Logto management API.",
	"resource.cannot_modify_management_api":                  "Cannot modify Logto management API.",
	"role.name_in_use":                                       "This role name {{name}} is already in use",
	"role.scope_exists":                                      "The scope id {{scopeId}} has already been added to this role",
	"role.management_api_scopes_not_assignable_to_user_role": "Cannot assign management API scopes to a user role.",
	"role.user_exists":                                       "The user id {{userId}} is already been added to this role",
	"role.application_exists":                                "The application id {{applicationId}} is already been added to this role",
	"scope.name_exists":                                      "The scope name {{name}} is already in use",
	"scope.name_with_space":                                  "The name of the scope cannot contain any spaces.",
	"session.invalid_credentials":                            "Incorrect account or password. Please check your input.",
	"session.invalid_connector_id":                           "Unable to find available connector with id {{connectorId}}.",
	"session.mfa.backup_code_can_not_be_alone":               "Backup code can not be the only MFA.",
	"oidc.session_not_found":                                 "Session not found.",
	"oidc.invalid_grant":                                     "Grant request is invalid.",
	"user.username_already_in_use":                           "This username is already in use.",
	"user.email_already_in_use":                              "This email is associated with an existing account.",
	"user.phone_already_in_use":                              "This phone number is associated with an existing account.",
	"user.identity_not_exist":                                "The social account has not been registered yet.",
	"user.sso_identity_not_exist":                            "The enterprise SSO account has not been registered yet.",
	"user.identity_already_in_use":                           "The social account has been associated with an existing account.",
	"user.invalid_role_type":                                 "Invalid role type, can not assign machine-to-machine role to user.",
	"user.totp_already_in_use":                               "TOTP is already in use.",
	"user.backup_code_already_in_use":                        "Backup code is already in use.",
	"user.password_algorithm_required":                       "Password algorithm is required.",
	"user.password_and_digest":                               "You cannot set both plain text password and password digest.",
	"user.personal_access_token_name_exists":                 "Personal access token name already exists.",
	"user.totp_secret_invalid":                               "Invalid TOTP secret supplied.",
	"user.wrong_backup_code_format":                          "Backup code format is invalid.",
	"user.enterprise_sso_identity_not_exists":                "The user does not have an enterprise identity linked to the specified SSO connector ID: {{ ssoConnectorId }}.",
	"user.cannot_delete_self":                                "You cannot delete yourself.",
}
