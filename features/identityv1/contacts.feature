Feature: Contact points: register and confirm an email address and a phone number
  A signed-in user registers a new email or phone number, which is unverified until the
  one-time code sent to it is confirmed before it expires. Contact points are unique.

  Background:
    Given I am authenticated as the client
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "contact-${unique}", "password": "Strong-pass-1", "email": "contact-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}"}
      """
    Then the response status should be 201
    And I store the response field "user-id" as "userId"

  @emulator
  Scenario: a new email is unverified until the emailed code confirms it
    Given I am authenticated as "contact-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/email" with JSON:
      """
      {"new-email": "new-${unique}@example.test"}
      """
    Then the response status should be 202
    When I send a GET request to "/v1/identity/me"
    Then the response field "email" should be "new-${unique}@example.test"
    And the response field "email-verified" should be false
    And the outbox should have a message to "new-${unique}@example.test" with purpose "email-verification"
    And I store the code of that message as "code"
    When I send a PUT request to "/v1/identity/me/email/confirm" with JSON:
      """
      {"username": "contact-${unique}", "email": "new-${unique}@example.test", "confirmation-code": "${code}"}
      """
    Then the response status should be 204
    When I send a GET request to "/v1/identity/me"
    Then the response field "email-verified" should be true
    When I send a GET request to "/v1/identity/users?email=new-${unique}@example.test"
    Then the response field "user-id" should be "${userId}"

  @emulator
  Scenario: a new phone number is unverified until the texted code confirms it
    Given I am authenticated as "contact-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/phone-number" with JSON:
      """
      {"new-phone-number": "+1556${uniqueDigits}"}
      """
    Then the response status should be 202
    When I send a GET request to "/v1/identity/me"
    Then the response field "phone-number" should be "+1556${uniqueDigits}"
    And the response field "phone-number-verified" should be false
    And the outbox should have a message to "+1556${uniqueDigits}" with purpose "phone-number-verification"
    And I store the code of that message as "code"
    When I send a PUT request to "/v1/identity/me/phone-number/confirm" with JSON:
      """
      {"phone-number": "+1556${uniqueDigits}", "confirmation-code": "${code}"}
      """
    Then the response status should be 204
    When I send a GET request to "/v1/identity/me"
    Then the response field "phone-number-verified" should be true
    When I send a GET request to "/v1/identity/users?phone-number=%2B1556${uniqueDigits}"
    Then the response field "user-id" should be "${userId}"

  Scenario: an email held by another user cannot be registered
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "holder-${unique}", "password": "Strong-pass-1", "email": "holder-${unique}@example.test",
       "phone-number": "+1556${uniqueDigits}"}
      """
    Then the response status should be 201
    Given I am authenticated as "contact-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/email" with JSON:
      """
      {"new-email": "Holder-${unique}@example.test"}
      """
    Then the response status should be 440
    And the response should be the problem "email-already-used"
    When I send a GET request to "/v1/identity/me"
    Then the response field "email" should be "contact-${unique}@example.test"

  Scenario: a phone number held by another user cannot be registered
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "holder-${unique}", "password": "Strong-pass-1", "email": "holder-${unique}@example.test",
       "phone-number": "+1556${uniqueDigits}"}
      """
    Then the response status should be 201
    Given I am authenticated as "contact-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/phone-number" with JSON:
      """
      {"new-phone-number": "+1556${uniqueDigits}"}
      """
    Then the response status should be 440
    And the response should be the problem "phone-number-already-used"
    When I send a GET request to "/v1/identity/me"
    Then the response field "phone-number" should be "+1555${uniqueDigits}"

  Scenario: the replaced email and phone number are free for another user
    Given I am authenticated as "contact-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/email" with JSON:
      """
      {"new-email": "new-${unique}@example.test"}
      """
    Then the response status should be 202
    When I send a PUT request to "/v1/identity/me/phone-number" with JSON:
      """
      {"new-phone-number": "+1556${uniqueDigits}"}
      """
    Then the response status should be 202
    Given I am authenticated as the client
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "heir-${unique}", "password": "Strong-pass-1", "email": "contact-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}"}
      """
    Then the response status should be 201

  @emulator
  Scenario: a wrong email code is refused and the right one still confirms
    Given I am authenticated as "contact-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/email" with JSON:
      """
      {"new-email": "new-${unique}@example.test"}
      """
    Then the response status should be 202
    And the outbox should have a message to "new-${unique}@example.test" with purpose "email-verification"
    And I store the code of that message as "code"
    When I send a PUT request to "/v1/identity/me/email/confirm" with JSON:
      """
      {"email": "new-${unique}@example.test", "confirmation-code": "x${code}"}
      """
    Then the response status should be 440
    And the response should be the problem "confirmation-code-not-valid"
    When I send a GET request to "/v1/identity/me"
    Then the response field "email-verified" should be false
    When I send a PUT request to "/v1/identity/me/email/confirm" with JSON:
      """
      {"email": "new-${unique}@example.test", "confirmation-code": "${code}"}
      """
    Then the response status should be 204

  @emulator
  Scenario: a wrong phone code is refused and the number stays unverified
    Given I am authenticated as "contact-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/phone-number" with JSON:
      """
      {"new-phone-number": "+1556${uniqueDigits}"}
      """
    Then the response status should be 202
    And the outbox should have a message to "+1556${uniqueDigits}" with purpose "phone-number-verification"
    And I store the code of that message as "code"
    When I send a PUT request to "/v1/identity/me/phone-number/confirm" with JSON:
      """
      {"phone-number": "+1556${uniqueDigits}", "confirmation-code": "x${code}"}
      """
    Then the response status should be 440
    And the response should be the problem "confirmation-code-not-valid"
    When I send a GET request to "/v1/identity/me"
    Then the response field "phone-number-verified" should be false

  @emulator
  Scenario: confirming an email that is not pending is refused
    Given I am authenticated as "contact-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/email" with JSON:
      """
      {"new-email": "new-${unique}@example.test"}
      """
    Then the response status should be 202
    And the outbox should have a message to "new-${unique}@example.test" with purpose "email-verification"
    And I store the code of that message as "code"
    When I send a PUT request to "/v1/identity/me/email/confirm" with JSON:
      """
      {"email": "elsewhere-${unique}@example.test", "confirmation-code": "${code}"}
      """
    Then the response status should be 440
    And the response should be the problem "confirmation-code-not-valid"

  @emulator
  Scenario: a code once used does not confirm again
    Given I am authenticated as "contact-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/email" with JSON:
      """
      {"new-email": "new-${unique}@example.test"}
      """
    Then the response status should be 202
    And the outbox should have a message to "new-${unique}@example.test" with purpose "email-verification"
    And I store the code of that message as "code"
    When I send a PUT request to "/v1/identity/me/email/confirm" with JSON:
      """
      {"email": "new-${unique}@example.test", "confirmation-code": "${code}"}
      """
    Then the response status should be 204
    When I send a PUT request to "/v1/identity/me/email/confirm" with JSON:
      """
      {"email": "new-${unique}@example.test", "confirmation-code": "${code}"}
      """
    Then the response status should be 440
    And the response should be the problem "confirmation-code-not-valid"

  @emulator
  Scenario: an email code confirmed after it expired is verification-expired
    Given I am authenticated as "contact-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/email" with JSON:
      """
      {"new-email": "new-${unique}@example.test"}
      """
    Then the response status should be 202
    And the outbox should have a message to "new-${unique}@example.test" with purpose "email-verification"
    And I store the code of that message as "code"
    When I advance the clock by "11m"
    And I send a PUT request to "/v1/identity/me/email/confirm" with JSON:
      """
      {"email": "new-${unique}@example.test", "confirmation-code": "${code}"}
      """
    Then the response status should be 440
    And the response should be the problem "verification-expired"
    When I send a GET request to "/v1/identity/me"
    Then the response field "email-verified" should be false

  @emulator
  Scenario: a phone code confirmed after it expired is verification-expired
    Given I am authenticated as "contact-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/phone-number" with JSON:
      """
      {"new-phone-number": "+1556${uniqueDigits}"}
      """
    Then the response status should be 202
    And the outbox should have a message to "+1556${uniqueDigits}" with purpose "phone-number-verification"
    And I store the code of that message as "code"
    When I advance the clock by "11m"
    And I send a PUT request to "/v1/identity/me/phone-number/confirm" with JSON:
      """
      {"phone-number": "+1556${uniqueDigits}", "confirmation-code": "${code}"}
      """
    Then the response status should be 440
    And the response should be the problem "verification-expired"
    When I send a GET request to "/v1/identity/me"
    Then the response field "phone-number-verified" should be false

  @emulator
  Scenario: a code confirmed just before it expires is accepted
    Given I am authenticated as "contact-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/phone-number" with JSON:
      """
      {"new-phone-number": "+1556${uniqueDigits}"}
      """
    Then the response status should be 202
    And the outbox should have a message to "+1556${uniqueDigits}" with purpose "phone-number-verification"
    And I store the code of that message as "code"
    When I advance the clock by "9m"
    And I send a PUT request to "/v1/identity/me/phone-number/confirm" with JSON:
      """
      {"phone-number": "+1556${uniqueDigits}", "confirmation-code": "${code}"}
      """
    Then the response status should be 204
