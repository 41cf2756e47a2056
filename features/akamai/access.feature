Feature: Access tokens and codes
  Owner and access issuer clients mint access tokens, authorization codes, verification
  codes and creation tokens for a record; /oauth/token exchanges codes, and a
  verification code stamps a dateTime attribute when used.

  Background:
    When I call "/entity.create" with:
      | type_name  | user                                   |
      | attributes | {"email":"acc-${unique}@example.test"} |
    Then I store the response field "uuid" as "uuid"

  Scenario: an authorization code, exchanged for tokens with its transaction state
    When I call "/access/getAuthorizationCode" with:
      | type_name         | user                           |
      | uuid              | ${uuid}                        |
      | redirect_uri      | https://app.example.test/cb    |
      | transaction_state | {"step":2}                     |
    Then the response should be a Capture success
    And I store the response field "authorizationCode" as "code"
    When I call "/oauth/token" with:
      | grant_type   | authorization_code            |
      | code         | ${code}                       |
      | redirect_uri | https://elsewhere.example.test/ |
    Then the response status should be 400
    And the response should be the Capture error 420 "redirect_uri_mismatch"
    And the response field "expected_value" should be "https://app.example.test/cb"
    When I call "/oauth/token" with:
      | grant_type   | authorization_code          |
      | code         | ${code}                     |
      | redirect_uri | https://app.example.test/cb |
    Then the response status should be 200
    And the response field "expires_in" should be the number 3600
    And the response field "transaction_state.step" should be the number 2
    And I store the response field "refresh_token" as "refresh"
    When I call "/oauth/token" with:
      | grant_type    | refresh_token |
      | refresh_token | ${refresh}    |
    Then the response status should be 200
    And the response field "refresh_token" should match "^[a-z0-9]{20}$"
    When I call "/oauth/token" with:
      | grant_type    | refresh_token |
      | refresh_token | ${refresh}    |
    Then the response status should be 400
    And the response field "error" should be "invalid_grant"

  Scenario: the token endpoint's own errors
    When I call "/oauth/token" with:
      | grant_type | password |
    Then the response status should be 400
    And the response should be the Capture error 200 "invalid_argument"
    And the response field "error" should be "invalid_request"
    And the response field "argument_name" should be "grant_type"
    When I call "/oauth/token" without credentials with:
      | grant_type    | refresh_token          |
      | refresh_token | x                      |
      | client_id     | ${client_id}           |
      | client_secret | wrong-${unique}        |
    Then the response status should be 401
    And the response should be the Capture error 402 "invalid_client_credentials"

  Scenario: a verification code stamps emailVerified
    When I call "/access/getVerificationCode" with:
      | type_name      | user          |
      | uuid           | ${uuid}       |
      | attribute_name | emailVerified |
      | lifetime       | 300           |
    Then the response should be a Capture success
    And the response field "verification_code" should match "^[a-z0-9]{32}$"
    And I store the response field "verification_code" as "code"
    When I call "/access/use_verification_code" without credentials with:
      | verification_code | ${code} |
    Then the response should be a Capture success
    And the response field "uuid" should be "${uuid}"
    When I call "/entity" with:
      | type_name | user    |
      | uuid      | ${uuid} |
    Then the response field "result.emailVerified" should match "^\d{4}-"
    When I call "/access/use_verification_code" without credentials with:
      | verification_code | ${code} |
    Then the response should be the Capture error 200 "invalid_argument"
    And the response field "argument_name" should be "verification_code"

  Scenario: an access token for the record
    When I call "/access/getAccessToken" with:
      | type_name | user    |
      | uuid      | ${uuid} |
    Then the response should be a Capture success
    And the response field "accessToken" should match "^[a-z0-9]{16}$"

  @emulator
  Scenario: a creation token creates one record without client credentials
    When I call "/access/getCreationToken" with:
      | type_name | user |
    Then the response should be a Capture success
    And I store the response field "creation_token" as "creation"
    When I call "/entity.create" without credentials with:
      | type_name      | user                                      |
      | creation_token | ${creation}                               |
      | attributes     | {"email":"made-${unique}@example.test"}   |
    Then the response should be a Capture success
    When I call "/entity.create" without credentials with:
      | type_name      | user                                      |
      | creation_token | ${creation}                               |
      | attributes     | {"email":"made2-${unique}@example.test"}  |
    Then the response should be the Capture error 200 "invalid_argument"

  @emulator
  Scenario: an expired verification code
    When I call "/access/getVerificationCode" with:
      | type_name      | user          |
      | uuid           | ${uuid}       |
      | attribute_name | emailVerified |
    Then I store the response field "verification_code" as "code"
    When I advance the clock by "31s"
    And I call "/access/use_verification_code" without credentials with:
      | verification_code | ${code} |
    Then the response should be the Capture error 416 "verification_code_expired"

  @emulator
  Scenario: expired codes and creation tokens
    When I call "/access/getAuthorizationCode" with:
      | type_name    | user                        |
      | uuid         | ${uuid}                     |
      | redirect_uri | https://app.example.test/cb |
      | lifetime     | 10                          |
    Then I store the response field "authorizationCode" as "code"
    When I call "/access/getCreationToken" with:
      | type_name | user |
      | lifetime  | 10   |
    Then I store the response field "creation_token" as "creation"
    When I advance the clock by "11s"
    And I call "/oauth/token" with:
      | grant_type   | authorization_code          |
      | code         | ${code}                     |
      | redirect_uri | https://app.example.test/cb |
    Then the response status should be 400
    And the response should be the Capture error 415 "authorization_code_expired"
    When I call "/entity.create" without credentials with:
      | type_name      | user                                      |
      | creation_token | ${creation}                               |
      | attributes     | {"email":"late-${unique}@example.test"}   |
    Then the response should be the Capture error 417 "creation_token_expired"
