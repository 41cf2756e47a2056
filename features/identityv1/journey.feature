Feature: A newcomer's journey through the Identity API
  Register a user with a client token, sign in as that user, read the profile back
  through /me, change the email with the code from the outbox, and watch the token
  expire when the clock moves on.

  @emulator
  Scenario: register, sign in, change email, token expiry
    Given I am authenticated as the client
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "journey-${unique}", "password": "Journey-pass-1", "email": "journey-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}", "first-name": "Jo", "last-name": "Urney"}
      """
    Then the response status should be 201
    And the response field "user-id" should match "^[0-9a-f-]{36}$"
    And the response header "Location" should match "/v1/identity/users/journey-${unique}$"
    And I store the response field "user-id" as "userId"

    Given I am authenticated as "journey-${unique}" with password "Journey-pass-1"
    Then the response field "access_token" should be a token that verifies against the provider's JWKS
    And the response field "id_token" should be a token that verifies against the provider's JWKS
    When I send a GET request to "/v1/identity/me"
    Then the response status should be 200
    And the response field "user-id" should be "${userId}"
    And the response field "email" should be "journey-${unique}@example.test"
    And the response field "email-verified" should be false

    When I send a PUT request to "/v1/identity/me/email" with JSON:
      """
      {"new-email": "journey-new-${unique}@example.test"}
      """
    Then the response status should be 202
    And the outbox should have a message to "journey-new-${unique}@example.test" with purpose "email-verification"
    And I store the code of that message as "code"
    When I send a PUT request to "/v1/identity/me/email/confirm" with JSON:
      """
      {"email": "journey-new-${unique}@example.test", "confirmation-code": "${code}"}
      """
    Then the response status should be 204
    When I send a GET request to "/v1/identity/me"
    Then the response field "email" should be "journey-new-${unique}@example.test"
    And the response field "email-verified" should be true

    When I advance the clock by "61m"
    And I send a GET request to "/v1/identity/me"
    Then the response status should be 401
    And the response should be the problem "unauthorized"
