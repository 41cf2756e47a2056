Feature: Access control of the management API
  Every management operation needs an IAM access token (401 otherwise, before any
  validation). A token whose identity has no App ID role on the tenant, or too weak a
  role, gets 403: Reader reads, Writer also writes, and only Manager exports and
  imports. A tenant App ID does not host answers a bare plain-text 404.

  Scenario Outline: <operation> without a token is 401
    Given I am not authenticated
    When I send a <method> request to "/management/v4/${tenantId}<path>"
    Then the response status should be 401
    And the response header "Content-Type" should match "^application/json"
    And the response field "code" should be "UNAUTHORIZED"
    And the response field "status" should be the number 401
    And the response header "WWW-Authenticate" should match "^Bearer"

    Examples:
      | operation                | method | path                                          |
      | getFacebookIDP           | GET    | /config/idps/facebook                         |
      | getTokensConfig          | GET    | /config/tokens                                |
      | getSAMLMetadata          | GET    | /config/saml_metadata                         |
      | deleteTemplate           | DELETE | /config/cloud_directory/templates/WELCOME/en  |
      | listCloudDirectoryUsers  | GET    | /cloud_directory/Users                        |
      | deleteCloudDirectoryUser | DELETE | /cloud_directory/Users/nobody-${unique}       |
      | cloudDirectoryExport     | GET    | /cloud_directory/export?encryption_secret=s   |
      | usersSearchUserProfile   | GET    | /users?dataScope=index&email=a@example.test   |
      | usersRevokeRefreshToken  | POST   | /users/nobody-${unique}/revoke_refresh_token  |
      | listApplications         | GET    | /applications                                 |
      | listRoles                | GET    | /roles                                        |
      | postExtensionsTest       | POST   | /config/cloud_directory/mfa/extensions/premfa/test |

  Scenario: a request without a token is refused before its body is validated
    Given I am not authenticated
    When I send a POST request to "/management/v4/${tenantId}/applications" with JSON:
      """
      {"name": ""}
      """
    Then the response status should be 401

  Scenario Outline: a bearer token that is not an IAM access token is 401: <case>
    Given I use the access token "<token>"
    When I send a GET request to "/management/v4/${tenantId}/applications"
    Then the response status should be 401
    And the response field "code" should be "UNAUTHORIZED"

    Examples:
      | case                  | token                                                                 |
      | not a JWT             | not-a-token-${unique}                                                 |
      | an unsigned JWT       | eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJkZW1vIn0.              |
      | a JWT with a bad seal | eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJkZW1vIn0.c2lnbmF0dXJl |

  Scenario: a tenant that does not exist is a plain-text 404
    Given I am authenticated as the client
    When I send a GET request to "/management/v4/no-such-tenant-${unique}/applications"
    Then the response status should be 404
    And the response header "Content-Type" should match "^text/plain"
    And the response body should contain "Not Found"

  @emulator
  Scenario: an IAM token expires after its hour
    Given I am authenticated as the client
    When I advance the clock by "61m"
    And I send a GET request to "/management/v4/${tenantId}/applications"
    Then the response status should be 401

  @emulator
  Scenario: an IAM identity without a role on the tenant is 403
    Given a fresh App ID tenant
    And I am authenticated as the client
    When I send a GET request to "/management/v4/${tenantId}/applications"
    Then the response status should be 403
    And the response field "code" should be "FORBIDDEN"

  @emulator
  Scenario: Reader reads but does not write
    Given a fresh App ID tenant
    And I am authenticated with the IAM API key "${apikey}-reader"
    When I send a GET request to "/management/v4/${tenantId}/config/tokens"
    Then the response status should be 200
    When I send a PUT request to "/management/v4/${tenantId}/config/ui/theme_color" with JSON:
      """
      {"headerColor": "#112233"}
      """
    Then the response status should be 403
    And the response field "code" should be "FORBIDDEN"
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/Users" with JSON:
      """
      {"emails": [{"value": "r-${unique}@example.test"}], "password": "Reader-pass-1"}
      """
    Then the response status should be 403

  @emulator
  Scenario: Writer writes but only Manager exports and imports
    Given a fresh App ID tenant
    And I am authenticated with the IAM API key "${apikey}-writer"
    When I send a PUT request to "/management/v4/${tenantId}/config/ui/theme_color" with JSON:
      """
      {"headerColor": "#112233"}
      """
    Then the response status should be 204
    When I send a GET request to "/management/v4/${tenantId}/cloud_directory/export?encryption_secret=s"
    Then the response status should be 403
    When I send a POST request to "/management/v4/${tenantId}/users/import" with JSON:
      """
      {"users": []}
      """
    Then the response status should be 403
    Given I am authenticated with the IAM API key "${apikey}"
    When I send a GET request to "/management/v4/${tenantId}/users/export"
    Then the response status should be 200
