Feature: Authentication API: discovery, keys, token grants, userinfo, revocation, introspection
  The Identity API accepts the access tokens of ASEE's Authentication API. Relying parties
  find its endpoints by OIDC discovery, verify tokens with its JWKS, refresh with rotating
  refresh tokens and revoke or introspect tokens as a client.

  Background:
    Given I am authenticated as the client
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "auth-${unique}", "password": "Strong-pass-1", "email": "auth-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}", "first-name": "Grace", "last-name": "Hopper"}
      """
    Then the response status should be 201
    And I store the response field "user-id" as "userId"

  # ------------------------------------------------------------------ discovery, keys

  Scenario: the discovery document names the issuer and every endpoint
    When I send a GET request to "/v1/authentication/.well-known/openid-configuration"
    Then the response status should be 200
    And the response field "issuer" should match "/v1/authentication$"
    And the response field "token_endpoint" should match "/v1/authentication/connect/token$"
    And the response field "jwks_uri" should match "/v1/authentication/.well-known/openid-configuration/jwks$"
    And the response field "userinfo_endpoint" should match "/v1/authentication/connect/userinfo$"
    And the response field "revocation_endpoint" should match "/v1/authentication/connect/revocation$"
    And the response field "introspection_endpoint" should match "/v1/authentication/connect/introspect$"
    And the response field "grant_types_supported" should match "\bclient_credentials\b"
    And the response field "grant_types_supported" should match "\bpassword\b"
    And the response field "grant_types_supported" should match "\brefresh_token\b"
    And the response field "id_token_signing_alg_values_supported" should match "\bRS256\b"

  Scenario: the JWKS publishes the RSA signing key
    When I send a GET request to "/v1/authentication/.well-known/openid-configuration/jwks"
    Then the response status should be 200
    And the response field "keys[0].kty" should be "RSA"
    And the response field "keys[0].kid" should match "."
    And the response field "keys[0].n" should match "."

  # --------------------------------------------------------------------- token grants

  Scenario: a client token is a bearer JWT without a refresh token or an ID token
    Given I am authenticated as the client
    Then the response field "token_type" should be "Bearer"
    And the response field "expires_in" should match "^[1-9][0-9]*$"
    And the response field "refresh_token" should not exist
    And the response field "id_token" should not exist
    And the response field "access_token" should be a token that verifies against the provider's JWKS
    And the response header "Cache-Control" should be "no-store"

  Scenario: a password sign-in with the openid scope gets access, refresh and ID tokens
    Given I am authenticated as "auth-${unique}" with password "Strong-pass-1"
    Then the response field "token_type" should be "Bearer"
    And the response field "refresh_token" should match "."
    And the response field "scope" should match "\bopenid\b"
    And the response field "access_token" should be a token that verifies against the provider's JWKS
    And the response field "id_token" should be a token that verifies against the provider's JWKS

  Scenario: a password sign-in without the openid scope gets no ID token
    When I request a token as the client with form:
      | grant_type | password       |
      | username   | auth-${unique} |
      | password   | Strong-pass-1  |
    Then the response status should be 200
    And the response field "refresh_token" should match "."
    And the response field "id_token" should not exist

  Scenario: the username of a password sign-in is matched without regard to case
    Given I am authenticated as "AUTH-${unique}" with password "Strong-pass-1"
    When I send a GET request to "/v1/identity/me"
    Then the response field "user-id" should be "${userId}"

  Scenario Outline: a password sign-in with <case> is invalid_grant
    When I request a token as the client with form:
      | grant_type | password   |
      | username   | <username> |
      | password   | <password> |
    Then the response status should be 400
    And the response field "error" should be "invalid_grant"

    Examples:
      | case                | username         | password      |
      | a wrong password    | auth-${unique}   | Wrong-pass-9  |
      | an unknown username | nobody-${unique} | Strong-pass-1 |

  Scenario: a password sign-in without a password is invalid_request
    When I request a token as the client with form:
      | grant_type | password       |
      | username   | auth-${unique} |
    Then the response status should be 400
    And the response field "error" should be "invalid_request"

  Scenario: an unknown client is invalid_client with a Basic challenge
    When I request a token with form:
      | grant_type    | client_credentials       |
      | client_id     | no-such-client-${unique} |
      | client_secret | whatever                 |
    Then the response status should be 401
    And the response field "error" should be "invalid_client"
    And the response header "WWW-Authenticate" should match "^Basic"

  Scenario: an unknown client is invalid_client with HTTP Basic too
    Given I use basic credentials "no-such-client-${unique}" and "whatever"
    When I request a token with form:
      | grant_type | client_credentials |
    Then the response status should be 401
    And the response field "error" should be "invalid_client"

  Scenario: a token request without any client is invalid_client
    When I request a token with form:
      | grant_type | client_credentials |
    Then the response status should be 401
    And the response field "error" should be "invalid_client"

  Scenario: an unsupported grant type is unsupported_grant_type
    When I request a token as the client with form:
      | grant_type | authorization_code |
      | code       | some-code          |
    Then the response status should be 400
    And the response field "error" should be "unsupported_grant_type"

  Scenario: a token request without a grant type is invalid_request
    When I request a token as the client with form:
      | scope | openid |
    Then the response status should be 400
    And the response field "error" should be "invalid_request"

  # ------------------------------------------------------------------- refresh tokens

  Scenario: a refresh token is rotated and the new access token works
    Given I am authenticated as "auth-${unique}" with password "Strong-pass-1"
    And I store "${refresh_token}" as "firstRefresh"
    When I request a token as the client with form:
      | grant_type    | refresh_token   |
      | refresh_token | ${firstRefresh} |
    Then the response status should be 200
    And the response field "refresh_token" should match "."
    And the response field "id_token" should be a token that verifies against the provider's JWKS
    And I store the response field "access_token" as "secondAccess"
    When I use the access token "${secondAccess}"
    And I send a GET request to "/v1/identity/me"
    Then the response status should be 200
    And the response field "user-id" should be "${userId}"

  Scenario: reusing a rotated refresh token fails and revokes the tokens rotated from it
    Given I am authenticated as "auth-${unique}" with password "Strong-pass-1"
    And I store "${refresh_token}" as "firstRefresh"
    When I request a token as the client with form:
      | grant_type    | refresh_token   |
      | refresh_token | ${firstRefresh} |
    Then the response status should be 200
    And I store the response field "refresh_token" as "secondRefresh"
    When I request a token as the client with form:
      | grant_type    | refresh_token   |
      | refresh_token | ${firstRefresh} |
    Then the response status should be 400
    And the response field "error" should be "invalid_grant"
    When I request a token as the client with form:
      | grant_type    | refresh_token    |
      | refresh_token | ${secondRefresh} |
    Then the response status should be 400
    And the response field "error" should be "invalid_grant"

  Scenario: an unknown refresh token is invalid_grant
    When I request a token as the client with form:
      | grant_type    | refresh_token         |
      | refresh_token | not-a-token-${unique} |
    Then the response status should be 400
    And the response field "error" should be "invalid_grant"

  Scenario: a refresh grant without a refresh token is invalid_request
    When I request a token as the client with form:
      | grant_type | refresh_token |
    Then the response status should be 400
    And the response field "error" should be "invalid_request"

  # ------------------------------------------------------------------------- userinfo

  Scenario: userinfo returns the signed-in user's claims
    Given I am authenticated as "auth-${unique}" with password "Strong-pass-1"
    When I send a GET request to "/v1/authentication/connect/userinfo"
    Then the response status should be 200
    And the response field "sub" should be "${userId}"
    And the response field "preferred_username" should be "auth-${unique}"
    And the response field "email" should be "auth-${unique}@example.test"
    And the response field "email_verified" should be false
    And the response field "phone_number" should be "+1555${uniqueDigits}"
    And the response field "given_name" should be "Grace"
    And the response field "family_name" should be "Hopper"

  Scenario: userinfo follows changes to the profile
    Given I am authenticated as "auth-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/username" with JSON:
      """
      {"new-username": "renamed-${unique}"}
      """
    Then the response status should be 204
    When I send a GET request to "/v1/authentication/connect/userinfo"
    Then the response field "preferred_username" should be "renamed-${unique}"

  Scenario: userinfo needs a user's token
    Given I am authenticated as the client
    When I send a GET request to "/v1/authentication/connect/userinfo"
    Then the response status should be 401
    And the response field "error" should be "invalid_token"
    Given I am not authenticated
    When I send a GET request to "/v1/authentication/connect/userinfo"
    Then the response status should be 401
    And the response field "error" should be "invalid_token"
    And the response header "WWW-Authenticate" should match "^Bearer"

  # ----------------------------------------------------------------------- revocation

  Scenario: a revoked access token no longer opens the Identity API or userinfo
    Given I am authenticated as "auth-${unique}" with password "Strong-pass-1"
    When I send a POST request to "/v1/authentication/connect/revocation" as the client with form:
      | token           | ${access_token} |
      | token_type_hint | access_token    |
    Then the response status should be 200
    When I send a GET request to "/v1/identity/me"
    Then the response status should be 401
    And the response should be the problem "unauthorized"
    When I send a GET request to "/v1/authentication/connect/userinfo"
    Then the response status should be 401
    When I send a POST request to "/v1/authentication/connect/introspect" as the client with form:
      | token | ${access_token} |
    Then the response status should be 200
    And the response field "active" should be false

  Scenario: a revoked refresh token no longer refreshes
    Given I am authenticated as "auth-${unique}" with password "Strong-pass-1"
    When I send a POST request to "/v1/authentication/connect/revocation" as the client with form:
      | token           | ${refresh_token} |
      | token_type_hint | refresh_token    |
    Then the response status should be 200
    When I request a token as the client with form:
      | grant_type    | refresh_token    |
      | refresh_token | ${refresh_token} |
    Then the response status should be 400
    And the response field "error" should be "invalid_grant"

  Scenario: revoking an unknown token is still 200
    When I send a POST request to "/v1/authentication/connect/revocation" as the client with form:
      | token | not-a-token-${unique} |
    Then the response status should be 200

  Scenario: a revocation without a token is invalid_request
    When I send a POST request to "/v1/authentication/connect/revocation" as the client with form:
      | token_type_hint | access_token |
    Then the response status should be 400
    And the response field "error" should be "invalid_request"

  Scenario: revocation needs client authentication
    When I send a POST request to "/v1/authentication/connect/revocation" with form:
      | token | not-a-token-${unique} |
    Then the response status should be 401
    And the response field "error" should be "invalid_client"

  # -------------------------------------------------------------------- introspection

  Scenario: an access token introspects as active with its subject and client
    Given I am authenticated as "auth-${unique}" with password "Strong-pass-1"
    When I send a POST request to "/v1/authentication/connect/introspect" as the client with form:
      | token | ${access_token} |
    Then the response status should be 200
    And the response field "active" should be true
    And the response field "sub" should be "${userId}"
    And the response field "client_id" should match "."
    And the response field "scope" should match "\bopenid\b"
    And the response field "exp" should match "^[0-9]+$"

  Scenario: a refresh token introspects as active until it is rotated
    Given I am authenticated as "auth-${unique}" with password "Strong-pass-1"
    And I store "${refresh_token}" as "firstRefresh"
    When I send a POST request to "/v1/authentication/connect/introspect" as the client with form:
      | token | ${firstRefresh} |
    Then the response status should be 200
    And the response field "active" should be true
    And the response field "sub" should be "${userId}"
    When I request a token as the client with form:
      | grant_type    | refresh_token   |
      | refresh_token | ${firstRefresh} |
    Then the response status should be 200
    When I send a POST request to "/v1/authentication/connect/introspect" as the client with form:
      | token | ${firstRefresh} |
    Then the response field "active" should be false

  Scenario: an unknown token introspects as inactive
    When I send a POST request to "/v1/authentication/connect/introspect" as the client with form:
      | token | not-a-token-${unique} |
    Then the response status should be 200
    And the response field "active" should be false
    And the response field "sub" should not exist

  Scenario: an introspection without a token is invalid_request
    When I send a POST request to "/v1/authentication/connect/introspect" as the client with form:
      | token_type_hint | access_token |
    Then the response status should be 400
    And the response field "error" should be "invalid_request"

  Scenario: introspection needs client authentication
    Given I am authenticated as "auth-${unique}" with password "Strong-pass-1"
    When I send a POST request to "/v1/authentication/connect/introspect" with form:
      | token | ${access_token} |
    Then the response status should be 401
    And the response field "error" should be "invalid_client"

  # ------------------------------------------------------ expiry and lockout (emulator)

  @emulator
  Scenario: an access token expires after an hour but its refresh token still refreshes
    Given I am authenticated as "auth-${unique}" with password "Strong-pass-1"
    Then the response field "expires_in" should be the number 3600
    When I advance the clock by "61m"
    And I send a GET request to "/v1/identity/me"
    Then the response status should be 401
    And the response should be the problem "unauthorized"
    When I send a POST request to "/v1/authentication/connect/introspect" as the client with form:
      | token | ${access_token} |
    Then the response field "active" should be false
    When I request a token as the client with form:
      | grant_type    | refresh_token    |
      | refresh_token | ${refresh_token} |
    Then the response status should be 200
    And I store the response field "access_token" as "fresh"
    When I use the access token "${fresh}"
    And I send a GET request to "/v1/identity/me"
    Then the response status should be 200

  @emulator
  Scenario: five wrong passwords lock the account for fifteen minutes
    When I request a token as the client with form:
      | grant_type | password       |
      | username   | auth-${unique} |
      | password   | Wrong-pass-1   |
    And I request a token as the client with form:
      | grant_type | password       |
      | username   | auth-${unique} |
      | password   | Wrong-pass-2   |
    And I request a token as the client with form:
      | grant_type | password       |
      | username   | auth-${unique} |
      | password   | Wrong-pass-3   |
    And I request a token as the client with form:
      | grant_type | password       |
      | username   | auth-${unique} |
      | password   | Wrong-pass-4   |
    Then the response field "error" should be "invalid_grant"
    Given I am authenticated as the client
    When I send a GET request to "/v1/identity/users/auth-${unique}"
    Then the response field "status" should be "active"
    When I request a token as the client with form:
      | grant_type | password       |
      | username   | auth-${unique} |
      | password   | Wrong-pass-5   |
    And I request a token as the client with form:
      | grant_type | password       |
      | username   | auth-${unique} |
      | password   | Strong-pass-1  |
    Then the response status should be 400
    And the response field "error" should be "invalid_grant"
    Given I am authenticated as the client
    When I send a GET request to "/v1/identity/users/auth-${unique}"
    Then the response field "status" should be "locked"
    And the response field "lock-expires" should match "^\d{4}-\d\d-\d\dT"
    When I advance the clock by "16m"
    Given I am authenticated as "auth-${unique}" with password "Strong-pass-1"
    When I send a GET request to "/v1/identity/me"
    Then the response field "status" should be "active"
    And the response field "lock-expires" should not exist

  @emulator
  Scenario: a successful sign-in clears the count of failed ones
    When I request a token as the client with form:
      | grant_type | password       |
      | username   | auth-${unique} |
      | password   | Wrong-pass-1   |
    And I request a token as the client with form:
      | grant_type | password       |
      | username   | auth-${unique} |
      | password   | Wrong-pass-2   |
    And I request a token as the client with form:
      | grant_type | password       |
      | username   | auth-${unique} |
      | password   | Wrong-pass-3   |
    And I request a token as the client with form:
      | grant_type | password       |
      | username   | auth-${unique} |
      | password   | Wrong-pass-4   |
    Given I am authenticated as "auth-${unique}" with password "Strong-pass-1"
    When I request a token as the client with form:
      | grant_type | password       |
      | username   | auth-${unique} |
      | password   | Wrong-pass-5   |
    Given I am authenticated as "auth-${unique}" with password "Strong-pass-1"
    When I send a GET request to "/v1/identity/me"
    Then the response field "status" should be "active"

  @emulator
  Scenario: a password reset unlocks a locked account
    When I request a token as the client with form:
      | grant_type | password       |
      | username   | auth-${unique} |
      | password   | Wrong-pass-1   |
    And I request a token as the client with form:
      | grant_type | password       |
      | username   | auth-${unique} |
      | password   | Wrong-pass-2   |
    And I request a token as the client with form:
      | grant_type | password       |
      | username   | auth-${unique} |
      | password   | Wrong-pass-3   |
    And I request a token as the client with form:
      | grant_type | password       |
      | username   | auth-${unique} |
      | password   | Wrong-pass-4   |
    And I request a token as the client with form:
      | grant_type | password       |
      | username   | auth-${unique} |
      | password   | Wrong-pass-5   |
    Given I am authenticated as the client
    When I send a GET request to "/v1/identity/users/auth-${unique}"
    Then the response field "status" should be "locked"
    When I send a POST request to "/v1/identity/users/auth-${unique}/password/reset" with JSON:
      """
      {"username": "auth-${unique}"}
      """
    Then the response status should be 204
    And the outbox should have a message to "auth-${unique}@example.test" with purpose "password-reset"
    And I store the code of that message as "newPassword"
    Given I am authenticated as "auth-${unique}" with password "${newPassword}"
    When I send a GET request to "/v1/identity/me"
    Then the response field "status" should be "active"

  @emulator
  Scenario: a locked account cannot refresh its tokens either
    Given I am authenticated as "auth-${unique}" with password "Strong-pass-1"
    And I store "${refresh_token}" as "refresh"
    When I request a token as the client with form:
      | grant_type | password       |
      | username   | auth-${unique} |
      | password   | Wrong-pass-1   |
    And I request a token as the client with form:
      | grant_type | password       |
      | username   | auth-${unique} |
      | password   | Wrong-pass-2   |
    And I request a token as the client with form:
      | grant_type | password       |
      | username   | auth-${unique} |
      | password   | Wrong-pass-3   |
    And I request a token as the client with form:
      | grant_type | password       |
      | username   | auth-${unique} |
      | password   | Wrong-pass-4   |
    And I request a token as the client with form:
      | grant_type | password       |
      | username   | auth-${unique} |
      | password   | Wrong-pass-5   |
    And I request a token as the client with form:
      | grant_type    | refresh_token |
      | refresh_token | ${refresh}    |
    Then the response status should be 400
    And the response field "error" should be "invalid_grant"
    And the response field "error_description" should match "locked"
