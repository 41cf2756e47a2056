Feature: Access control of the Identity API
  Every Identity API operation needs a valid bearer access token of the tenant (401
  unauthorized otherwise, before any validation or lookup); operations on /me act on the
  signed-in user and refuse a client's token with 403 forbidden.

  Scenario Outline: <operation> without a token is 401 unauthorized
    Given I am not authenticated
    When I send a <method> request to "<path>"
    Then the response status should be 401
    And the response should be the problem "unauthorized"
    And the response header "WWW-Authenticate" should match "^Bearer"

    Examples:
      | operation               | method | path                                                   |
      | getUser                 | GET    | /v1/identity/users/anyone-${unique}                    |
      | findUser                | GET    | /v1/identity/users?email=anyone-${unique}@example.test |
      | checkUsernameAvailable  | GET    | /v1/identity/users/anyone-${unique}/available          |
      | getSecurityQuestions    | GET    | /v1/identity/users/anyone-${unique}/questions          |
      | getPasswordRequirements | GET    | /v1/identity/policy/password-requirements              |
      | getMe                   | GET    | /v1/identity/me                                        |
      | removeLinkedLogin       | DELETE | /v1/identity/me/logins/anyone-${unique}                |

  Scenario Outline: <operation> without a token is 401 unauthorized
    Given I am not authenticated
    When I send a <method> request to "<path>" with JSON:
      """
      <body>
      """
    Then the response status should be 401
    And the response should be the problem "unauthorized"

    Examples:
      | operation               | method | path                                                  | body                                                                                                                                       |
      | registerUser            | POST   | /v1/identity/users                                    | {"username": "anyone-${unique}", "password": "Strong-pass-1", "email": "a-${unique}@example.test", "phone-number": "+1555${uniqueDigits}"} |
      | resetPassword           | POST   | /v1/identity/users/anyone-${unique}/password/reset    | {"username": "anyone-${unique}"}                                                                                                           |
      | recoverUsername         | POST   | /v1/identity/users/anyone-${unique}/username-recovery | {"username": "anyone-${unique}"}                                                                                                           |
      | setHintPicture          | PUT    | /v1/identity/users/anyone-${unique}/hint-picture      | {"url": "https://pictures.example.test/h.png"}                                                                                             |
      | setProfilePicture       | PUT    | /v1/identity/users/anyone-${unique}/profile-picture   | {"url": "https://pictures.example.test/p.png"}                                                                                             |
      | validateSecurityAnswers | POST   | /v1/identity/users/anyone-${unique}/answers/validate  | {"answers": [{"question-id": "first-pet", "answer": "Rex"}]}                                                                               |
      | setSecurityAnswers      | PUT    | /v1/identity/me/answers                               | {"answers": [{"question-id": "first-pet", "answer": "Rex"}]}                                                                               |
      | changePassword          | PUT    | /v1/identity/me/password                              | {"old-password": "Strong-pass-1", "new-password": "Other-pass-2"}                                                                          |
      | changeUsername          | PUT    | /v1/identity/me/username                              | {"new-username": "anyone-${unique}"}                                                                                                       |
      | registerEmail           | PUT    | /v1/identity/me/email                                 | {"new-email": "a-${unique}@example.test"}                                                                                                  |
      | confirmEmail            | PUT    | /v1/identity/me/email/confirm                         | {"email": "a-${unique}@example.test", "confirmation-code": "123456"}                                                                       |
      | registerPhoneNumber     | PUT    | /v1/identity/me/phone-number                          | {"new-phone-number": "+1555${uniqueDigits}"}                                                                                               |
      | confirmPhoneNumber      | PUT    | /v1/identity/me/phone-number/confirm                  | {"phone-number": "+1555${uniqueDigits}", "confirmation-code": "123456"}                                                                    |
      | addLinkedLogin          | POST   | /v1/identity/me/logins                                | {"code": "anyone-${unique}", "provider": "google"}                                                                                         |

  Scenario: a request without a token is refused before its body is validated and nothing is created
    Given I am not authenticated
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "x"}
      """
    Then the response status should be 401
    And the response should be the problem "unauthorized"
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "anyone-${unique}", "password": "Strong-pass-1", "email": "anyone-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}"}
      """
    Then the response status should be 401
    Given I am authenticated as the client
    When I send a GET request to "/v1/identity/users/anyone-${unique}/available"
    Then the response status should be 200

  Scenario Outline: a bearer token that is not a valid access token is 401: <case>
    Given I use the access token "<token>"
    When I send a GET request to "/v1/identity/policy/password-requirements"
    Then the response status should be 401
    And the response should be the problem "unauthorized"
    When I send a GET request to "/v1/identity/me"
    Then the response status should be 401

    Examples:
      | case                  | token                                                                 |
      | not a JWT             | not-a-token-${unique}                                                 |
      | an unsigned JWT       | eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJkZW1vIn0.              |
      | a JWT with a bad seal | eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJkZW1vIn0.c2lnbmF0dXJl |

  Scenario: a refresh token is not an access token
    Given I am authenticated as the client
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "auth-${unique}", "password": "Strong-pass-1", "email": "auth-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}"}
      """
    Then the response status should be 201
    Given I am authenticated as "auth-${unique}" with password "Strong-pass-1"
    When I use the access token "${refresh_token}"
    And I send a GET request to "/v1/identity/me"
    Then the response status should be 401
    And the response should be the problem "unauthorized"

  Scenario Outline: <operation> with a client token is 403 forbidden
    Given I am authenticated as the client
    When I send a <method> request to "<path>"
    Then the response status should be 403
    And the response should be the problem "forbidden"

    Examples:
      | operation         | method | path                                    |
      | getMe             | GET    | /v1/identity/me                         |
      | removeLinkedLogin | DELETE | /v1/identity/me/logins/anyone-${unique} |

  Scenario Outline: <operation> with a client token is 403 forbidden
    Given I am authenticated as the client
    When I send a <method> request to "<path>" with JSON:
      """
      <body>
      """
    Then the response status should be 403
    And the response should be the problem "forbidden"

    Examples:
      | operation           | method | path                                 | body                                                                    |
      | setSecurityAnswers  | PUT    | /v1/identity/me/answers              | {"answers": [{"question-id": "first-pet", "answer": "Rex"}]}            |
      | changePassword      | PUT    | /v1/identity/me/password             | {"old-password": "Strong-pass-1", "new-password": "Other-pass-2"}       |
      | changeUsername      | PUT    | /v1/identity/me/username             | {"new-username": "anyone-${unique}"}                                    |
      | registerEmail       | PUT    | /v1/identity/me/email                | {"new-email": "a-${unique}@example.test"}                               |
      | confirmEmail        | PUT    | /v1/identity/me/email/confirm        | {"email": "a-${unique}@example.test", "confirmation-code": "123456"}    |
      | registerPhoneNumber | PUT    | /v1/identity/me/phone-number         | {"new-phone-number": "+1555${uniqueDigits}"}                            |
      | confirmPhoneNumber  | PUT    | /v1/identity/me/phone-number/confirm | {"phone-number": "+1555${uniqueDigits}", "confirmation-code": "123456"} |
      | addLinkedLogin      | POST   | /v1/identity/me/logins               | {"code": "anyone-${unique}", "provider": "google"}                      |

  Scenario: a forbidden /me change claims nothing
    Given I am authenticated as the client
    When I send a PUT request to "/v1/identity/me/email" with JSON:
      """
      {"new-email": "claimed-${unique}@example.test"}
      """
    Then the response status should be 403
    When I send a PUT request to "/v1/identity/me/username" with JSON:
      """
      {"new-username": "claimed-${unique}"}
      """
    Then the response status should be 403
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "claimed-${unique}", "password": "Strong-pass-1", "email": "claimed-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}"}
      """
    Then the response status should be 201

  Scenario: a user's token may use the operations that name a user
    Given I am authenticated as the client
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "auth-${unique}", "password": "Strong-pass-1", "email": "auth-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}"}
      """
    Then the response status should be 201
    Given I am authenticated as "auth-${unique}" with password "Strong-pass-1"
    When I send a GET request to "/v1/identity/users/auth-${unique}"
    Then the response status should be 200
    And the response field "username" should be "auth-${unique}"

  @emulator
  Scenario: a token of one tenant is rejected by another
    Given I am authenticated as the client
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "auth-${unique}", "password": "Strong-pass-1", "email": "auth-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}"}
      """
    Then the response status should be 201
    Given I am authenticated as "auth-${unique}" with password "Strong-pass-1"
    And I store "${access_token}" as "userToken"
    Given the emulator is seeded with:
      """
      provider: identityv1
      tenants:
        - id: other-${unique}
          clients: [{id: other-client, secret: other-secret}]
      """
    When I use the tenant "other-${unique}"
    And I send a GET request to "/v1/authentication/.well-known/openid-configuration/jwks"
    Then the response status should be 200
    And the response field "keys[0].kid" should match "."
    When I send a GET request to "/v1/identity/policy/password-requirements"
    Then the response status should be 401
    And the response should be the problem "unauthorized"
    When I use the access token "${userToken}"
    And I send a GET request to "/v1/identity/me"
    Then the response status should be 401
    And the response should be the problem "unauthorized"
    When I use the tenant "default"
    And I send a GET request to "/v1/identity/me"
    Then the response status should be 200
    And the response field "username" should be "auth-${unique}"

  @emulator
  Scenario: a tenant that was never seeded has no clients
    When I use the tenant "other-${unique}"
    And I request a token as the client with form:
      | grant_type | client_credentials |
    Then the response status should be 401
    And the response field "error" should be "invalid_client"

  @emulator
  Scenario: the seeded demo user can sign in and read its profile
    Given I am authenticated as "demo" with password "Demo-password-1"
    When I send a GET request to "/v1/identity/me"
    Then the response status should be 200
    And the response field "username" should be "demo"
    And the response field "email" should be "demo@example.test"
    And the response field "email-verified" should be true
    And the response field "customer-number" should be "C00000001"

  @emulator
  Scenario: a tenant that was never seeded has no keys to publish
    When I use the tenant "nowhere-${unique}"
    And I send a GET request to "/v1/authentication/.well-known/openid-configuration/jwks"
    Then the response status should be 404
    And the response should be the problem "not-found"
    When I send a GET request to "/v1/authentication/.well-known/openid-configuration"
    Then the response status should be 404
