Feature: Password policy
  Apps read the password requirements to help users pick a password; registration and
  password changes enforce the same requirements.

  Scenario: the password requirements are readable with a client token
    Given I am authenticated as the client
    When I send a GET request to "/v1/identity/policy/password-requirements"
    Then the response status should be 200
    And the response field "length" should exist
    And the response field "non-alphanumeric" should exist
    And the response field "lowercase" should exist
    And the response field "uppercase" should exist
    And the response field "digit" should exist

  Scenario: the password requirements are readable with a user token
    Given I am authenticated as the client
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "policy-${unique}", "password": "Strong-pass-1", "email": "policy-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}"}
      """
    Then the response status should be 201
    Given I am authenticated as "policy-${unique}" with password "Strong-pass-1"
    When I send a GET request to "/v1/identity/policy/password-requirements"
    Then the response status should be 200
    And the response field "length" should exist

  @emulator
  Scenario: the default policy asks for 10 characters with a lowercase letter and a symbol
    Given I am authenticated as the client
    When I send a GET request to "/v1/identity/policy/password-requirements"
    Then the response status should be 200
    And the response field "length" should be the number 10
    And the response field "non-alphanumeric" should be true
    And the response field "lowercase" should be true
    And the response field "uppercase" should be false
    And the response field "digit" should be false

  @emulator
  Scenario Outline: registration accepts a password that meets the default policy: <case>
    Given I am authenticated as the client
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "policy-${unique}", "password": "<password>", "email": "policy-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}"}
      """
    Then the response status should be 201
    And I am authenticated as "policy-${unique}" with password "<password>"

    Examples:
      | case                                | password    |
      | exactly 10 characters is enough     | abcdefghi-  |
      | no uppercase letter or digit needed | lower-case! |

  @emulator
  Scenario Outline: registration refuses a password that breaks the default policy: <case>
    Given I am authenticated as the client
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "policy-${unique}", "password": "<password>", "email": "policy-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}"}
      """
    Then the response status should be 440
    And the response should be the problem "password-does-not-meet-requirements"

    Examples:
      | case                           | password   |
      | 9 characters is too short      | abcdefgh-  |
      | a symbol is required           | abcdefghij |
      | a lowercase letter is required | ABCDEFGHI- |

  @emulator
  Scenario: a password change enforces the policy too
    Given I am authenticated as the client
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "policy-${unique}", "password": "Strong-pass-1", "email": "policy-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}"}
      """
    Then the response status should be 201
    Given I am authenticated as "policy-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/password" with JSON:
      """
      {"old-password": "Strong-pass-1", "new-password": "abcdefghij"}
      """
    Then the response status should be 440
    And the response should be the problem "password-does-not-meet-requirements"
    When I send a PUT request to "/v1/identity/me/password" with JSON:
      """
      {"old-password": "Strong-pass-1", "new-password": "abcdefghi-"}
      """
    Then the response status should be 204
    And I am authenticated as "policy-${unique}" with password "abcdefghi-"
