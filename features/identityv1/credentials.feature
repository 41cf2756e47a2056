Feature: Credentials: passwords, usernames, recovery and pictures
  A signed-in user changes their password and username; a client resets a forgotten
  password or recovers a forgotten username (sent to the user's email) and sets the
  hint and profile pictures. Each change is checked by what happens next.

  Background:
    Given I am authenticated as the client
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "cred-${unique}", "password": "Strong-pass-1", "email": "cred-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}"}
      """
    Then the response status should be 201

  Scenario: a changed password signs in and the old one no longer does
    Given I am authenticated as "cred-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/password" with JSON:
      """
      {"old-password": "Strong-pass-1", "new-password": "Other-pass-2"}
      """
    Then the response status should be 204
    And the response body should be empty
    And I am authenticated as "cred-${unique}" with password "Other-pass-2"
    When I request a token as the client with form:
      | grant_type | password       |
      | username   | cred-${unique} |
      | password   | Strong-pass-1  |
    Then the response status should be 400
    And the response field "error" should be "invalid_grant"

  Scenario: the new password may not be the current one
    Given I am authenticated as "cred-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/password" with JSON:
      """
      {"old-password": "Strong-pass-1", "new-password": "Strong-pass-1"}
      """
    Then the response status should be 440
    And the response should be the problem "password-same-as-existing"

  Scenario: a new password weaker than the policy is refused and the old one stays
    Given I am authenticated as "cred-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/password" with JSON:
      """
      {"old-password": "Strong-pass-1", "new-password": "weak"}
      """
    Then the response status should be 440
    And the response should be the problem "password-does-not-meet-requirements"
    And I am authenticated as "cred-${unique}" with password "Strong-pass-1"

  @emulator
  Scenario: a wrong old password is 440 old-password-not-valid and changes nothing
    Given I am authenticated as "cred-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/password" with JSON:
      """
      {"old-password": "Wrong-pass-9", "new-password": "Other-pass-2"}
      """
    Then the response status should be 440
    And the response should be the problem "old-password-not-valid"
    And I am authenticated as "cred-${unique}" with password "Strong-pass-1"

  Scenario: a changed username is the one to read and sign in with; the old one is free
    Given I am authenticated as "cred-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/username" with JSON:
      """
      {"new-username": "renamed-${unique}"}
      """
    Then the response status should be 204
    When I send a GET request to "/v1/identity/me"
    Then the response field "username" should be "renamed-${unique}"
    When I send a GET request to "/v1/identity/users/cred-${unique}"
    Then the response status should be 404
    When I send a GET request to "/v1/identity/users/cred-${unique}/available"
    Then the response status should be 200
    When I send a GET request to "/v1/identity/users/renamed-${unique}/available"
    Then the response status should be 410
    Given I am authenticated as "renamed-${unique}" with password "Strong-pass-1"
    When I send a GET request to "/v1/identity/me"
    Then the response field "username" should be "renamed-${unique}"

  Scenario: a username held by another user cannot be taken
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "taken-${unique}", "password": "Strong-pass-1", "email": "taken-${unique}@example.test",
       "phone-number": "+1556${uniqueDigits}"}
      """
    Then the response status should be 201
    Given I am authenticated as "cred-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/username" with JSON:
      """
      {"new-username": "Taken-${unique}"}
      """
    Then the response status should be 440
    And the response should be the problem "username-already-used"
    When I send a GET request to "/v1/identity/me"
    Then the response field "username" should be "cred-${unique}"

  @emulator
  Scenario: a password reset mails a new password that signs in; the old one no longer does
    When I send a POST request to "/v1/identity/users/cred-${unique}/password/reset" with JSON:
      """
      {"username": "cred-${unique}"}
      """
    Then the response status should be 204
    And the outbox should have a message to "cred-${unique}@example.test" with purpose "password-reset"
    And I store the code of that message as "newPassword"
    When I request a token as the client with form:
      | grant_type | password       |
      | username   | cred-${unique} |
      | password   | Strong-pass-1  |
    Then the response status should be 400
    And the response field "error" should be "invalid_grant"
    Given I am authenticated as "cred-${unique}" with password "${newPassword}"
    When I send a GET request to "/v1/identity/me"
    Then the response field "last-password-reset" should match "^\d{4}-\d\d-\d\dT"

  Scenario: resetting the password of an unknown user is 404
    When I send a POST request to "/v1/identity/users/nobody-${unique}/password/reset" with JSON:
      """
      {"username": "nobody-${unique}"}
      """
    Then the response status should be 404
    And the response should be the problem "not-found"

  @emulator
  Scenario: username recovery sends the username to the user's email
    When I send a POST request to "/v1/identity/users/cred-${unique}/username-recovery" with JSON:
      """
      {"username": "cred-${unique}"}
      """
    Then the response status should be 202
    And the outbox should have a message to "cred-${unique}@example.test" with purpose "username-recovery"
    And I store the code of that message as "recovered"
    When I send a GET request to "/v1/identity/users/cred-${unique}"
    Then the response field "username" should be "${recovered}"

  Scenario: recovering the username of an unknown user is 404
    When I send a POST request to "/v1/identity/users/nobody-${unique}/username-recovery" with JSON:
      """
      {"username": "nobody-${unique}"}
      """
    Then the response status should be 404
    And the response should be the problem "not-found"

  Scenario: the hint picture is set, read back and cleared
    When I send a PUT request to "/v1/identity/users/cred-${unique}/hint-picture" with JSON:
      """
      {"url": "https://pictures.example.test/hint-${unique}.png"}
      """
    Then the response status should be 204
    When I send a GET request to "/v1/identity/users/cred-${unique}"
    Then the response field "hint-picture-url" should be "https://pictures.example.test/hint-${unique}.png"
    When I send a PUT request to "/v1/identity/users/cred-${unique}/hint-picture" with JSON:
      """
      {}
      """
    Then the response status should be 204
    When I send a GET request to "/v1/identity/users/cred-${unique}"
    Then the response field "hint-picture-url" should not exist

  Scenario: the profile picture is set, read back and cleared
    When I send a PUT request to "/v1/identity/users/cred-${unique}/profile-picture" with JSON:
      """
      {"url": "https://pictures.example.test/me-${unique}.jpg"}
      """
    Then the response status should be 204
    When I send a GET request to "/v1/identity/users/cred-${unique}"
    Then the response field "profile-picture-url" should be "https://pictures.example.test/me-${unique}.jpg"
    And the response field "hint-picture-url" should not exist
    When I send a PUT request to "/v1/identity/users/cred-${unique}/profile-picture" with JSON:
      """
      {}
      """
    Then the response status should be 204
    When I send a GET request to "/v1/identity/users/cred-${unique}"
    Then the response field "profile-picture-url" should not exist

  Scenario: a hint picture given at registration is part of the profile
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "pic-${unique}", "password": "Strong-pass-1", "email": "pic-${unique}@example.test",
       "phone-number": "+1556${uniqueDigits}", "hint-picture-url": "https://pictures.example.test/p-${unique}.png"}
      """
    Then the response status should be 201
    When I send a GET request to "/v1/identity/users/pic-${unique}"
    Then the response field "hint-picture-url" should be "https://pictures.example.test/p-${unique}.png"

  Scenario Outline: setting a picture of an unknown user is 404
    When I send a PUT request to "/v1/identity/users/nobody-${unique}/<picture>" with JSON:
      """
      {"url": "https://pictures.example.test/x.png"}
      """
    Then the response status should be 404
    And the response should be the problem "not-found"

    Examples:
      | picture         |
      | hint-picture    |
      | profile-picture |
