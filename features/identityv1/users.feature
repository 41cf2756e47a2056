Feature: Users: register, read, find, check availability, /me and response shaping
  A client registers users and looks them up by username or by contact point; usernames,
  emails and phone numbers are unique. Profiles are shapeable with include and trim.

  Background:
    Given I am authenticated as the client
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "user-${unique}", "password": "Strong-pass-1", "email": "user-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}", "customer-number": "C${uniqueDigits}",
       "first-name": "Ada", "last-name": "Lovelace"}
      """
    Then the response status should be 201
    And I store the response field "user-id" as "userId"

  Scenario: a registered user is read back by username with the default field set
    Then the response header "Location" should match "/v1/identity/users/user-${unique}$"
    When I send a GET request to "/v1/identity/users/user-${unique}"
    Then the response status should be 200
    And the response field "user-id" should be "${userId}"
    And the response field "username" should be "user-${unique}"
    And the response field "email" should be "user-${unique}@example.test"
    And the response field "phone-number" should be "+1555${uniqueDigits}"
    And the response field "customer-number" should be "C${uniqueDigits}"
    And the response field "first-name" should be "Ada"
    And the response field "last-name" should be "Lovelace"
    And the response field "email-verified" should be false
    And the response field "phone-number-verified" should be false
    And the response field "status" should be "active"
    And the response field "linked-logins" should not exist

  Scenario: the username is looked up without regard to case
    When I send a GET request to "/v1/identity/users/USER-${unique}"
    Then the response status should be 200
    And the response field "user-id" should be "${userId}"

  Scenario: reading an unknown user is 404 not-found
    When I send a GET request to "/v1/identity/users/nobody-${unique}"
    Then the response status should be 404
    And the response should be the problem "not-found"

  Scenario: a second registration with a taken username is refused, whatever its case
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "USER-${unique}", "password": "Strong-pass-1", "email": "other-${unique}@example.test",
       "phone-number": "+1556${uniqueDigits}"}
      """
    Then the response status should be 440
    And the response should be the problem "username-already-used"
    When I send a GET request to "/v1/identity/users?email=other-${unique}@example.test"
    Then the response status should be 404

  Scenario: a second registration with a taken email is refused and claims nothing
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "other-${unique}", "password": "Strong-pass-1", "email": "User-${unique}@Example.test",
       "phone-number": "+1556${uniqueDigits}"}
      """
    Then the response status should be 440
    And the response should be the problem "email-already-used"
    When I send a GET request to "/v1/identity/users/other-${unique}/available"
    Then the response status should be 200

  Scenario: a second registration with a taken phone number is refused
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "other-${unique}", "password": "Strong-pass-1", "email": "other-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}"}
      """
    Then the response status should be 440
    And the response should be the problem "phone-number-already-used"
    When I send a GET request to "/v1/identity/users/other-${unique}"
    Then the response status should be 404

  Scenario: a password weaker than the policy is refused at registration
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "weak-${unique}", "password": "short", "email": "weak-${unique}@example.test",
       "phone-number": "+1556${uniqueDigits}"}
      """
    Then the response status should be 440
    And the response should be the problem "password-does-not-meet-requirements"
    When I send a GET request to "/v1/identity/users/weak-${unique}/available"
    Then the response status should be 200

  Scenario: a free username is available, a taken one is gone
    When I send a GET request to "/v1/identity/users/free-${unique}/available"
    Then the response status should be 200
    And the response body should be empty
    When I send a GET request to "/v1/identity/users/user-${unique}/available"
    Then the response status should be 410
    And the response should be the problem "gone"
    When I send a GET request to "/v1/identity/users/User-${unique}/available"
    Then the response status should be 410

  Scenario: find a user by email, by phone number and by customer number
    When I send a GET request to "/v1/identity/users?email=user-${unique}@example.test"
    Then the response status should be 200
    And the response field "user-id" should be "${userId}"
    When I send a GET request to "/v1/identity/users?phone-number=%2B1555${uniqueDigits}"
    Then the response status should be 200
    And the response field "username" should be "user-${unique}"
    When I send a GET request to "/v1/identity/users?customer=C${uniqueDigits}"
    Then the response status should be 200
    And the response field "user-id" should be "${userId}"

  Scenario: every given criterion must match
    When I send a GET request to "/v1/identity/users?email=user-${unique}@example.test&customer=C${uniqueDigits}"
    Then the response status should be 200
    And the response field "user-id" should be "${userId}"
    When I send a GET request to "/v1/identity/users?email=user-${unique}@example.test&customer=X${uniqueDigits}"
    Then the response status should be 404
    And the response should be the problem "not-found"

  Scenario: finding nobody is 404 not-found
    When I send a GET request to "/v1/identity/users?email=nobody-${unique}@example.test"
    Then the response status should be 404
    And the response should be the problem "not-found"

  Scenario: finding more than one user is 404 not-found
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "twin-${unique}", "password": "Strong-pass-1", "email": "twin-${unique}@example.test",
       "phone-number": "+1556${uniqueDigits}", "customer-number": "C${uniqueDigits}"}
      """
    Then the response status should be 201
    When I send a GET request to "/v1/identity/users?customer=C${uniqueDigits}"
    Then the response status should be 404
    And the response should be the problem "not-found"
    When I send a GET request to "/v1/identity/users?customer=C${uniqueDigits}&email=twin-${unique}@example.test"
    Then the response status should be 200
    And the response field "username" should be "twin-${unique}"

  Scenario: /me is the profile of the signed-in user, with the sign-in stamped
    Given I am authenticated as "user-${unique}" with password "Strong-pass-1"
    When I send a GET request to "/v1/identity/me"
    Then the response status should be 200
    And the response field "user-id" should be "${userId}"
    And the response field "username" should be "user-${unique}"
    And the response field "last-login" should match "^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d"
    And the response field "status" should be "active"

  Scenario: include adds a sub-resource that is not in the default set
    When I send a GET request to "/v1/identity/users/user-${unique}?include=linked-logins"
    Then the response status should be 200
    And the response field "linked-logins" should have 0 items
    And the response field "email" should be "user-${unique}@example.test"

  Scenario: trim removes fields from the default set
    When I send a GET request to "/v1/identity/users/user-${unique}?trim=email,phone-number"
    Then the response status should be 200
    And the response field "email" should not exist
    And the response field "phone-number" should not exist
    And the response field "username" should be "user-${unique}"

  Scenario: trim=* empties the default set and include picks the fields to return
    When I send a GET request to "/v1/identity/users/user-${unique}?trim=*&include=username,email"
    Then the response status should be 200
    And the response field "username" should be "user-${unique}"
    And the response field "email" should be "user-${unique}@example.test"
    And the response field "user-id" should not exist
    And the response field "status" should not exist

  Scenario: include=* returns every field and trim still removes some
    When I send a GET request to "/v1/identity/users/user-${unique}?include=*&trim=first-name"
    Then the response status should be 200
    And the response field "linked-logins" should have 0 items
    And the response field "first-name" should not exist
    And the response field "last-name" should be "Lovelace"

  Scenario: find and /me are shapeable too
    When I send a GET request to "/v1/identity/users?email=user-${unique}@example.test&trim=*&include=user-id"
    Then the response status should be 200
    And the response field "user-id" should be "${userId}"
    And the response field "username" should not exist
    Given I am authenticated as "user-${unique}" with password "Strong-pass-1"
    When I send a GET request to "/v1/identity/me?trim=*&include=username"
    Then the response status should be 200
    And the response field "username" should be "user-${unique}"
    And the response field "email" should not exist
