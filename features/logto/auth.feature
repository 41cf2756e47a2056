Feature: OIDC token endpoint and Management API authentication
  A machine-to-machine application gets an ES384 access token for the Management API
  with client_credentials, a resource indicator and the scope "all"; the Management API
  accepts only such tokens.

  Scenario: a client token for the Management API verifies against the provider's JWKS
    Given I am authenticated as the client
    Then the response status should be 200
    And the response field "token_type" should be "Bearer"
    And the response field "expires_in" should be the number 3600
    And the response field "scope" should be "all"
    And the response field "access_token" should be a token that verifies against the provider's JWKS

  Scenario: the discovery document and the JWKS are public
    When I send a GET request to "/oidc/.well-known/openid-configuration"
    Then the response status should be 200
    And the response field "issuer" should match "/oidc$"
    And the response field "token_endpoint" should match "/oidc/token$"
    When I send a GET request to "/oidc/jwks"
    Then the response status should be 200
    And the response field "keys[0].kty" should be "EC"

  Scenario: a wrong client secret is 401 oidc.invalid_client with WWW-Authenticate
    Given I use basic credentials "no-such-client-${unique}" and "wrong-secret"
    When I send a POST request to "/oidc/token" with form:
      | grant_type | client_credentials             |
      | resource   | https://default.logto.app/api |
      | scope      | all                            |
    Then the response status should be 401
    And the response field "code" should be "oidc.invalid_client"
    And the response field "error" should be "invalid_client"
    And the response header "WWW-Authenticate" should match "^Basic realm=.*invalid_client"

  Scenario: an unknown resource indicator is 400 oidc.invalid_target
    When I request a token as the client with form:
      | grant_type | client_credentials             |
      | resource   | https://nope-${unique}.example/api |
      | scope      | all                            |
    Then the response status should be 400
    And the response field "code" should be "oidc.invalid_target"
    And the response field "error" should be "invalid_target"
    And the response field "message" should be "Invalid resource indicator."

  Scenario: a missing resource indicator is 400 oidc.invalid_target
    When I request a token as the client with form:
      | grant_type | client_credentials |
      | scope      | all                |
    Then the response status should be 400
    And the response field "code" should be "oidc.invalid_target"

  Scenario: an unknown grant type is 400 oidc.unsupported_grant_type
    When I request a token as the client with form:
      | grant_type | urn:example:nothing |
    Then the response status should be 400
    And the response field "code" should be "oidc.unsupported_grant_type"

  Scenario: the Management API without a token is 401 auth.authorization_header_missing
    Given I am not authenticated
    When I send a GET request to "/api/users"
    Then the response status should be 401
    And the response field "code" should be "auth.authorization_header_missing"
    And the response field "message" should be "Authorization header is missing."

  Scenario: a malformed token is 401 auth.unauthorized with the JOSE error as data
    Given I use the access token "not-a-jwt"
    When I send a GET request to "/api/users"
    Then the response status should be 401
    And the response field "code" should be "auth.unauthorized"
    And the response field "data.code" should be "ERR_JWS_INVALID"
    And the response field "data.name" should be "JWSInvalid"

  Scenario: a token without the scope "all" is 403 auth.forbidden
    When I request a token as the client with form:
      | grant_type | client_credentials             |
      | resource   | https://default.logto.app/api |
    Then the response status should be 200
    And the response field "scope" should not exist
    And I store the response field "access_token" as "weak"
    Given I use the access token "${weak}"
    When I send a GET request to "/api/users"
    Then the response status should be 403
    And the response field "code" should be "auth.forbidden"

  @emulator
  Scenario: an expired token is 401 auth.unauthorized ERR_JWT_EXPIRED
    Given I am authenticated as the client
    And I advance the clock by "61m"
    When I send a GET request to "/api/users"
    Then the response status should be 401
    And the response field "code" should be "auth.unauthorized"
    And the response field "data.code" should be "ERR_JWT_EXPIRED"
    And the response field "data.claim" should be "exp"

  Scenario: the health check and the API document need no token
    Given I am not authenticated
    When I send a GET request to "/api/status"
    Then the response status should be 204
    And the response body should be empty
    When I send a GET request to "/api/swagger.json"
    Then the response status should be 200
    And the response field "openapi" should match "^3\."
