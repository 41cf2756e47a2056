Feature: Linked logins: link and unlink logins of external identity providers
  A signed-in user links a login at a supported external provider to the profile; a login
  belongs to one user at a time. idemu calls no external provider: in the @emulator
  scenarios the authorization code stands for the login at the provider.

  Background:
    Given I am authenticated as the client
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "link-${unique}", "password": "Strong-pass-1", "email": "link-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}"}
      """
    Then the response status should be 201
    And I store the response field "user-id" as "userId"
    Given I am authenticated as "link-${unique}" with password "Strong-pass-1"

  @emulator
  Scenario: a linked login is part of the profile and finds the user
    When I send a POST request to "/v1/identity/me/logins" with JSON:
      """
      {"code": "ada.${unique}@gmail.example", "provider": "google", "redirect-uri": "https://app.example.test/callback"}
      """
    Then the response status should be 204
    When I send a GET request to "/v1/identity/me?include=linked-logins"
    Then the response field "linked-logins" should have 1 item
    And the response field "linked-logins[0].login" should be "ada.${unique}@gmail.example"
    And the response field "linked-logins[0].provider" should be "google"
    Given I am authenticated as the client
    When I send a GET request to "/v1/identity/users?login=ada.${unique}@gmail.example"
    Then the response status should be 200
    And the response field "user-id" should be "${userId}"

  @emulator
  Scenario: the provider is matched without regard to case and linking twice changes nothing
    When I send a POST request to "/v1/identity/me/logins" with JSON:
      """
      {"code": "ada-${unique}", "provider": "Facebook"}
      """
    Then the response status should be 204
    When I send a POST request to "/v1/identity/me/logins" with JSON:
      """
      {"code": "ada-${unique}", "provider": "facebook"}
      """
    Then the response status should be 204
    When I send a GET request to "/v1/identity/me?include=linked-logins"
    Then the response field "linked-logins" should have 1 item
    And the response field "linked-logins[0].provider" should be "facebook"

  @emulator
  Scenario: a login linked to another user cannot be linked, but the same name at another provider can
    When I send a POST request to "/v1/identity/me/logins" with JSON:
      """
      {"code": "shared-${unique}", "provider": "twitter"}
      """
    Then the response status should be 204
    Given I am authenticated as the client
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "rival-${unique}", "password": "Strong-pass-1", "email": "rival-${unique}@example.test",
       "phone-number": "+1556${uniqueDigits}"}
      """
    Then the response status should be 201
    Given I am authenticated as "rival-${unique}" with password "Strong-pass-1"
    When I send a POST request to "/v1/identity/me/logins" with JSON:
      """
      {"code": "SHARED-${unique}", "provider": "twitter"}
      """
    Then the response status should be 440
    And the response should be the problem "login-already-used"
    When I send a POST request to "/v1/identity/me/logins" with JSON:
      """
      {"code": "shared-${unique}", "provider": "linkedin"}
      """
    Then the response status should be 204
    When I send a GET request to "/v1/identity/me?include=linked-logins"
    Then the response field "linked-logins" should have 1 item
    And the response field "linked-logins[0].provider" should be "linkedin"

  Scenario: a provider that is not supported is refused and nothing is linked
    When I send a POST request to "/v1/identity/me/logins" with JSON:
      """
      {"code": "some-code-${unique}", "provider": "no-such-provider-${unique}"}
      """
    Then the response status should be 440
    And the response should be the problem "provider-not-supported"
    When I send a GET request to "/v1/identity/me?include=linked-logins"
    Then the response field "linked-logins" should have 0 items

  @emulator
  Scenario: an unlinked login leaves the profile and is free for another user
    When I send a POST request to "/v1/identity/me/logins" with JSON:
      """
      {"code": "ada-${unique}", "provider": "apple"}
      """
    Then the response status should be 204
    When I send a POST request to "/v1/identity/me/logins" with JSON:
      """
      {"code": "lovelace-${unique}", "provider": "microsoft"}
      """
    Then the response status should be 204
    When I send a DELETE request to "/v1/identity/me/logins/ADA-${unique}"
    Then the response status should be 204
    When I send a GET request to "/v1/identity/me?include=linked-logins"
    Then the response field "linked-logins" should have 1 item
    And the response field "linked-logins[0].login" should be "lovelace-${unique}"
    Given I am authenticated as the client
    When I send a GET request to "/v1/identity/users?login=ada-${unique}"
    Then the response status should be 404
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "heir-${unique}", "password": "Strong-pass-1", "email": "heir-${unique}@example.test",
       "phone-number": "+1556${uniqueDigits}"}
      """
    Then the response status should be 201
    Given I am authenticated as "heir-${unique}" with password "Strong-pass-1"
    When I send a POST request to "/v1/identity/me/logins" with JSON:
      """
      {"code": "ada-${unique}", "provider": "apple"}
      """
    Then the response status should be 204

  Scenario: unlinking a login the user does not have is 404
    When I send a DELETE request to "/v1/identity/me/logins/nobody-${unique}"
    Then the response status should be 404
    And the response should be the problem "not-found"

  @emulator
  Scenario: dot paths shape the items of the linked logins
    When I send a POST request to "/v1/identity/me/logins" with JSON:
      """
      {"code": "ada-${unique}", "provider": "google"}
      """
    Then the response status should be 204
    When I send a GET request to "/v1/identity/me?include=linked-logins.login"
    Then the response field "linked-logins[0].login" should be "ada-${unique}"
    And the response field "linked-logins[0].provider" should not exist
    And the response field "username" should be "link-${unique}"
    When I send a GET request to "/v1/identity/me?include=linked-logins&trim=linked-logins.login"
    Then the response field "linked-logins[0].provider" should be "google"
    And the response field "linked-logins[0].login" should not exist

  Scenario: a blank authorization code is refused before anything is linked
    When I send a POST request to "/v1/identity/me/logins" with JSON:
      """
      {"code": "   ", "provider": "google"}
      """
    Then the response should have a validation error "invalid-format" for "code"
    When I send a POST request to "/v1/identity/me/logins" with JSON:
      """
      {"code": "", "provider": "google"}
      """
    Then the response should have a validation error "min-length" for "code"
    When I send a GET request to "/v1/identity/me?include=linked-logins"
    Then the response field "linked-logins" should have 0 items
