Feature: App ID's OAuth server
  Each tenant has an OAuth 2.0 and OpenID Connect server under /oauth/v4/{tenantId}:
  discovery, public keys, tokens for Cloud Directory users and applications (password,
  client credentials, authorization code with PKCE, refresh, anonymous), introspection,
  revocation and user info. Its errors are RFC 6749 errors.

  Background:
    Given I am authenticated as the client
    When I send a POST request to "/management/v4/${tenantId}/applications" with JSON:
      """
      {"name": "oauth-${unique}"}
      """
    And I store the response field "clientId" as "client"
    And I store the response field "secret" as "secret"
    And I send a POST request to "/management/v4/${tenantId}/cloud_directory/Users" with JSON:
      """
      {"emails": [{"value": "oauth-${unique}@example.test"}], "password": "Oauth-password-1", "userName": "oauth${unique}",
       "name": {"givenName": "Olive", "familyName": "Auth"}}
      """

  Scenario: the discovery document and the public keys
    When I send a GET request to "/oauth/v4/${tenantId}/.well-known/openid-configuration"
    Then the response status should be 200
    And the response field "issuer" should match "/oauth/v4/[^/]+$"
    And the response field "token_endpoint" should match "/oauth/v4/[^/]+/token$"
    And the response field "authorization_endpoint" should match "/authorization$"
    And the response field "jwks_uri" should match "/publickeys$"
    And the response field "userinfo_endpoint" should match "/userinfo$"
    And the response field "grant_types_supported" should exist
    And the response field "id_token_signing_alg_values_supported[0]" should be "RS256"
    When I send a GET request to "/oauth/v4/${tenantId}/publickeys"
    Then the response status should be 200
    And the response field "keys[0].kty" should be "RSA"
    And the response field "keys[0].kid" should exist

  Scenario: a user signs in with a password; the tokens verify and name the user
    Given I use basic credentials "${client}" and "${secret}"
    When I send a POST request to "/oauth/v4/${tenantId}/token" with form:
      | grant_type | password                    |
      | username   | oauth-${unique}@example.test |
      | password   | Oauth-password-1            |
    Then the response status should be 200
    And the response header "Content-Type" should match "^application/json"
    And the response field "token_type" should be "Bearer"
    And the response field "expires_in" should be the number 3600
    And the response field "scope" should match "appid_authenticated"
    And the response field "access_token" should be a token that verifies against the App ID OAuth server
    And the response field "id_token" should be a token that verifies against the App ID OAuth server
    And I store the response field "access_token" as "at"
    Given I use the access token "${at}"
    When I send a GET request to "/oauth/v4/${tenantId}/userinfo"
    Then the response status should be 200
    And the response field "email" should be "oauth-${unique}@example.test"
    And the response field "identities[0].provider" should be "cloud_directory"
    And the response field "sub" should exist
    Given I use basic credentials "${client}" and "${secret}"
    When I send a POST request to "/oauth/v4/${tenantId}/introspect" with form:
      | token | ${at} |
    Then the response status should be 200
    And the response field "active" should be true

  Scenario: the userName signs in too
    Given I use basic credentials "${client}" and "${secret}"
    When I send a POST request to "/oauth/v4/${tenantId}/token" with form:
      | grant_type | password         |
      | username   | oauth${unique}   |
      | password   | Oauth-password-1 |
    Then the response status should be 200

  Scenario Outline: the token endpoint refuses <case>
    Given I use basic credentials "<client>" and "<secret>"
    When I send a POST request to "/oauth/v4/${tenantId}/token" with form:
      | grant_type | <grant>                      |
      | username   | oauth-${unique}@example.test |
      | password   | <password>                   |
    Then the response status should be <status>
    And the response field "error" should be "<error>"
    And the response field "error_description" should exist

    Examples:
      | case                | client    | secret    | grant    | password         | status | error                  |
      | a wrong password    | ${client} | ${secret} | password | wrong            | 401    | invalid_grant          |
      | a wrong secret      | ${client} | wrong     | password | Oauth-password-1 | 401    | invalid_client         |
      | an unknown client   | ghost     | x         | password | Oauth-password-1 | 401    | invalid_client         |
      | an unsupported grant | ${client} | ${secret} | implicit | Oauth-password-1 | 400   | unsupported_grant_type |

  Scenario: the token endpoint needs a grant type
    Given I use basic credentials "${client}" and "${secret}"
    When I send a POST request to "/oauth/v4/${tenantId}/token" with form:
      | scope | openid |
    Then the response status should be 400
    And the response field "error" should be "invalid_request"

  Scenario: an application signs in with its credentials, without a user
    Given I use basic credentials "${client}" and "${secret}"
    When I send a POST request to "/oauth/v4/${tenantId}/token" with form:
      | grant_type | client_credentials |
    Then the response status should be 200
    And the response field "id_token" should not exist
    And the response field "refresh_token" should not exist
    And the response field "access_token" should be a token that verifies against the App ID OAuth server
    And I store the response field "access_token" as "at"
    Given I use the access token "${at}"
    When I send a GET request to "/oauth/v4/${tenantId}/userinfo"
    Then the response status should be 403
    And the response field "error" should be "insufficient_scope"

  Scenario Outline: user info refuses <case> with 401
    Given I use the access token "<token>"
    When I send a GET request to "/oauth/v4/${tenantId}/userinfo"
    Then the response status should be 401
    And the response field "error" should be "invalid_token"
    And the response header "WWW-Authenticate" should match "^Bearer"

    Examples:
      | case          | token                 |
      | a bad token   | not-a-token-${unique} |

  Scenario: user info needs a token
    Given I am not authenticated
    When I send a GET request to "/oauth/v4/${tenantId}/userinfo"
    Then the response status should be 401

  Scenario: introspection and revocation authenticate the client
    Given I am not authenticated
    When I send a POST request to "/oauth/v4/${tenantId}/introspect" with form:
      | token | anything |
    Then the response status should be 401
    And the response field "error" should be "invalid_client"
    When I send a POST request to "/oauth/v4/${tenantId}/revoke" with form:
      | token | anything |
    Then the response status should be 401
    Given I use basic credentials "${client}" and "${secret}"
    When I send a POST request to "/oauth/v4/${tenantId}/introspect" with form:
      | token | not-a-token-${unique} |
    Then the response status should be 200
    And the response field "active" should be false
    When I send a POST request to "/oauth/v4/${tenantId}/revoke" with form:
      | token | not-a-token-${unique} |
    Then the response status should be 200
    When I send a POST request to "/oauth/v4/${tenantId}/introspect" with form:
      | token_type_hint | access_token |
    Then the response status should be 400
    And the response field "error" should be "invalid_request"

  Scenario: the OAuth server of a tenant that does not exist is a plain-text 404
    When I send a GET request to "/oauth/v4/no-such-tenant-${unique}/publickeys"
    Then the response status should be 404
    And the response header "Content-Type" should match "^text/plain"

  @emulator
  Scenario: refresh tokens, when enabled, rotate and are revoked per user
    Given a fresh App ID tenant
    When I send a PUT request to "/management/v4/${tenantId}/config/tokens" with JSON:
      """
      {"refresh": {"enabled": true, "expires_in": 86400}}
      """
    And I send a POST request to "/management/v4/${tenantId}/applications" with JSON:
      """
      {"name": "refresh-${unique}"}
      """
    And I store the response field "clientId" as "client"
    And I store the response field "secret" as "secret"
    And I send a POST request to "/management/v4/${tenantId}/cloud_directory/Users" with JSON:
      """
      {"emails": [{"value": "rt-${unique}@example.test"}], "password": "Refresh-password-1"}
      """
    Given I use basic credentials "${client}" and "${secret}"
    When I send a POST request to "/oauth/v4/${tenantId}/token" with form:
      | grant_type | password                  |
      | username   | rt-${unique}@example.test |
      | password   | Refresh-password-1        |
    Then the response status should be 200
    And I store the response field "refresh_token" as "rt"
    When I send a POST request to "/oauth/v4/${tenantId}/token" with form:
      | grant_type    | refresh_token |
      | refresh_token | ${rt}         |
    Then the response status should be 200
    And I store the response field "refresh_token" as "rt2"
    And I store the response field "access_token" as "at"
    When I send a POST request to "/oauth/v4/${tenantId}/token" with form:
      | grant_type    | refresh_token |
      | refresh_token | ${rt}         |
    Then the response status should be 400
    And the response field "error" should be "invalid_grant"
    Given I use the access token "${at}"
    When I send a GET request to "/oauth/v4/${tenantId}/userinfo"
    And I store the response field "sub" as "sub"
    Given I advance the clock by "1s"
    And I am authenticated with the IAM API key "${apikey}"
    When I send a POST request to "/management/v4/${tenantId}/users/${sub}/revoke_refresh_token"
    Then the response status should be 204
    Given I use basic credentials "${client}" and "${secret}"
    When I send a POST request to "/oauth/v4/${tenantId}/introspect" with form:
      | token | ${rt2} |
    Then the response field "active" should be false

  @emulator
  Scenario: the authorization code flow with PKCE, through idemu's sign-in form
    Given a fresh App ID tenant
    When I send a PUT request to "/management/v4/${tenantId}/config/redirect_uris" with JSON:
      """
      {"redirectUris": ["https://app.example.test/*"]}
      """
    And I send a POST request to "/management/v4/${tenantId}/applications" with JSON:
      """
      {"name": "web-${unique}"}
      """
    And I store the response field "clientId" as "client"
    And I store the response field "secret" as "secret"
    And I send a POST request to "/management/v4/${tenantId}/cloud_directory/Users" with JSON:
      """
      {"emails": [{"value": "web-${unique}@example.test"}], "password": "Web-password-1"}
      """
    And I send a GET request to "/oauth/v4/${tenantId}/authorization?client_id=${client}&response_type=code&redirect_uri=https://app.example.test/cb&state=st&code_challenge=-WcX9oGQ0NEkSkt59_nK_7kvG7bc8Id5H4pqpFD-USA&code_challenge_method=S256" without following redirects
    Then the response status should be 200
    And the response header "Content-Type" should match "^text/html"
    And the response body should contain "password"
    When I send a POST request to "/oauth/v4/${tenantId}/authorization" with form and without following redirects:
      | client_id             | ${client}                                   |
      | response_type         | code                                        |
      | redirect_uri          | https://app.example.test/cb                 |
      | state                 | st                                          |
      | code_challenge        | -WcX9oGQ0NEkSkt59_nK_7kvG7bc8Id5H4pqpFD-USA |
      | code_challenge_method | S256                                        |
      | username              | web-${unique}@example.test                  |
      | password              | Web-password-1                              |
    Then the response status should be 302
    And the response header "Location" should match "^https://app\.example\.test/cb\?code=.*state=st"
    And I store the query parameter "code" of the response header "Location" as "code"
    Given I use basic credentials "${client}" and "${secret}"
    When I send a POST request to "/oauth/v4/${tenantId}/token" with form:
      | grant_type    | authorization_code                          |
      | code          | ${code}                                     |
      | redirect_uri  | https://app.example.test/cb                 |
      | code_verifier | dBjftJeZ4CVP-mJ92K9Dd2GtM2ZQ5UBXdcNUUUnL6wQ |
    Then the response status should be 200
    And the response field "id_token" should be a token that verifies against the App ID OAuth server
    When I send a POST request to "/oauth/v4/${tenantId}/token" with form:
      | grant_type    | authorization_code                          |
      | code          | ${code}                                     |
      | redirect_uri  | https://app.example.test/cb                 |
      | code_verifier | dBjftJeZ4CVP-mJ92K9Dd2GtM2ZQ5UBXdcNUUUnL6wQ |
    Then the response status should be 400
    And the response field "error" should be "invalid_grant"

  @emulator
  Scenario: a wrong password shows the sign-in form again; anonymous sign-in needs none
    Given a fresh App ID tenant
    When I send a PUT request to "/management/v4/${tenantId}/config/redirect_uris" with JSON:
      """
      {"redirectUris": ["https://app.example.test/cb"]}
      """
    And I send a POST request to "/management/v4/${tenantId}/applications" with JSON:
      """
      {"name": "anon-${unique}"}
      """
    And I store the response field "clientId" as "client"
    And I store the response field "secret" as "secret"
    And I send a POST request to "/oauth/v4/${tenantId}/authorization" with form and without following redirects:
      | client_id     | ${client}                   |
      | response_type | code                        |
      | redirect_uri  | https://app.example.test/cb |
      | username      | nobody@example.test         |
      | password      | wrong                       |
    Then the response status should be 200
    And the response body should contain "Invalid username or password"
    When I send a GET request to "/oauth/v4/${tenantId}/authorization?client_id=${client}&response_type=code&redirect_uri=https://app.example.test/cb&idp=appid_anon" without following redirects
    Then the response status should be 302
    And I store the query parameter "code" of the response header "Location" as "code"
    Given I use basic credentials "${client}" and "${secret}"
    When I send a POST request to "/oauth/v4/${tenantId}/token" with form:
      | grant_type   | authorization_code          |
      | code         | ${code}                     |
      | redirect_uri | https://app.example.test/cb |
    Then the response status should be 200
    And the response field "scope" should be "openid appid_default appid_readprofile appid_readuserattr appid_writeuserattr"

  Scenario Outline: the authorization endpoint refuses <case> with 400, without redirecting
    When I send a GET request to "/oauth/v4/${tenantId}/authorization?<query>" without following redirects
    Then the response status should be 400
    And the response field "error" should be "invalid_request"

    Examples:
      | case                        | query                                                                                  |
      | an unknown client           | client_id=ghost-${unique}&response_type=code&redirect_uri=https://app.example.test/cb |
      | an unregistered redirect    | client_id=${client}&response_type=code&redirect_uri=https://evil.example.test/cb-${unique} |
      | a missing redirect URI      | client_id=${client}&response_type=code                                                 |

  @emulator
  Scenario: an unverified user cannot sign in when verification is restrictive
    Given a fresh App ID tenant
    When I send a PUT request to "/management/v4/${tenantId}/config/idps/cloud_directory" with JSON:
      """
      {"isActive": true, "config": {"selfServiceEnabled": true, "identityField": "email",
       "interactions": {"identityConfirmation": {"accessMode": "RESTRICTIVE", "methods": ["email"]},
        "welcomeEnabled": true, "resetPasswordEnabled": true, "resetPasswordNotificationEnable": true}}}
      """
    And I send a POST request to "/management/v4/${tenantId}/applications" with JSON:
      """
      {"name": "strict-${unique}"}
      """
    And I store the response field "clientId" as "client"
    And I store the response field "secret" as "secret"
    And I send a POST request to "/management/v4/${tenantId}/cloud_directory/sign_up?shouldCreateProfile=false" with JSON:
      """
      {"emails": [{"value": "strict-${unique}@example.test"}], "password": "Strict-password-1"}
      """
    Given I use basic credentials "${client}" and "${secret}"
    When I send a POST request to "/oauth/v4/${tenantId}/token" with form:
      | grant_type | password                      |
      | username   | strict-${unique}@example.test |
      | password   | Strict-password-1             |
    Then the response status should be 403
    And the response field "error_code" should be "FORBIDDEN"

  @emulator
  Scenario: lockout after failed sign-ins, and expired passwords
    Given a fresh App ID tenant
    When I send a PUT request to "/management/v4/${tenantId}/config/cloud_directory/advanced_password_management" with JSON:
      """
      {"advancedPasswordManagement": {"enabled": true, "passwordReuse": {"enabled": false},
        "preventPasswordWithUsername": {"enabled": false},
        "passwordExpiration": {"enabled": true, "config": {"daysToExpire": 1}},
        "lockOutPolicy": {"enabled": true, "config": {"lockOutTimeSec": 60, "numOfAttempts": 2}}}}
      """
    And I send a POST request to "/management/v4/${tenantId}/applications" with JSON:
      """
      {"name": "lock-${unique}"}
      """
    And I store the response field "clientId" as "client"
    And I store the response field "secret" as "secret"
    And I send a POST request to "/management/v4/${tenantId}/cloud_directory/Users" with JSON:
      """
      {"emails": [{"value": "lock-${unique}@example.test"}], "password": "Lock-password-1"}
      """
    And I store the response field "id" as "user"
    Given I use basic credentials "${client}" and "${secret}"
    When I send a POST request to "/oauth/v4/${tenantId}/token" with form:
      | grant_type | password                    |
      | username   | lock-${unique}@example.test |
      | password   | wrong                       |
    And I send a POST request to "/oauth/v4/${tenantId}/token" with form:
      | grant_type | password                    |
      | username   | lock-${unique}@example.test |
      | password   | wrong                       |
    And I send a POST request to "/oauth/v4/${tenantId}/token" with form:
      | grant_type | password                    |
      | username   | lock-${unique}@example.test |
      | password   | Lock-password-1             |
    Then the response status should be 401
    And the response field "error_description" should be "The user is locked"
    When I advance the clock by "61s"
    And I send a POST request to "/oauth/v4/${tenantId}/token" with form:
      | grant_type | password                    |
      | username   | lock-${unique}@example.test |
      | password   | Lock-password-1             |
    Then the response status should be 200
    When I advance the clock by "25h"
    And I send a POST request to "/oauth/v4/${tenantId}/token" with form:
      | grant_type | password                    |
      | username   | lock-${unique}@example.test |
      | password   | Lock-password-1             |
    Then the response status should be 401
    And the response field "error_description" should be "Password expired"
    And the response field "user_id" should be "${user}"
