Feature: Custom messages
  Custom messages are a default map and one map per locale (with variant), each from
  message key to text. A batch creates or overwrites keys of one locale ("default"
  addresses the default map), a DELETE removes one key, and a PUT replaces them all.

  Scenario: a batch adds keys to a locale and keeps its other keys
    Given I am authenticated as the client
    When I send a PUT request to "/api/v2/config/custom-messages/nl_NL/batch" with JSON:
      """
      {"idemu_a_${unique}": "Een", "idemu_b_${unique}": "Twee"}
      """
    Then the response status should be 204
    And the response body should be empty
    When I send a PUT request to "/api/v2/config/custom-messages/nl_NL/batch" with JSON:
      """
      {"idemu_b_${unique}": "Twee (nieuw)"}
      """
    Then the response status should be 204
    When I send a GET request to "/api/v2/config/custom-messages"
    Then the response status should be 200
    And the response header "Content-Type" should match "^application/json"
    And the response field "locales.nl_NL.idemu_a_${unique}" should be "Een"
    And the response field "locales.nl_NL.idemu_b_${unique}" should be "Twee (nieuw)"
    When I send a GET request to "/api/v2/config"
    Then the response field "custom_messages.locales.nl_NL.idemu_a_${unique}" should be "Een"
    When I send a DELETE request to "/api/v2/config/custom-messages/nl_NL/idemu_a_${unique}"
    Then the response status should be 204
    And the response body should be empty
    When I send a DELETE request to "/api/v2/config/custom-messages/nl_NL/idemu_b_${unique}"
    Then the response status should be 204

  Scenario: deleting a key that is not there is 404
    Given I am authenticated as the client
    When I send a DELETE request to "/api/v2/config/custom-messages/nl/idemu_missing_${unique}"
    Then the response status should be 404
    And the response body should be empty
    When I send a DELETE request to "/api/v2/config/custom-messages/xx_${unique}/any"
    Then the response status should be 404

  Scenario Outline: a batch for an unusable locale is 400 (<case>)
    Given I am authenticated as the client
    When I send a PUT request to "/api/v2/config/custom-messages/<locale>/batch" with JSON:
      """
      {"idemu_${unique}": "text"}
      """
    Then the response status should be 400
    And the response body should be empty

    Examples:
      | case              | locale  |
      | a single letter   | n       |
      | a digit first     | 1nl     |
      | a space inside    | nl%20NL |

  Scenario: a batch value that is not text is 400 and stores nothing
    Given I am authenticated as the client
    When I send a PUT request to "/api/v2/config/custom-messages/nl/batch" with JSON:
      """
      {"idemu_ok_${unique}": "fine", "idemu_bad_${unique}": 3}
      """
    Then the response status should be 400
    When I send a DELETE request to "/api/v2/config/custom-messages/nl/idemu_ok_${unique}"
    Then the response status should be 404

  @emulator
  Scenario: a PUT replaces every message, and a locale without messages goes
    When I send a POST request to "/_emulator/seed" with JSON:
      """
      {"provider": "onegini", "tenants": [{"id": "msg-${unique}", "clients": [{"id": "u", "secret": "s"}]}]}
      """
    Then the response status should be 200
    Given I use the tenant "msg-${unique}"
    And I use basic credentials "u" and "s"
    When I send a GET request to "/api/v2/config/custom-messages"
    Then the response field "locales.de" should exist
    When I send a PUT request to "/api/v2/config/custom-messages" with JSON:
      """
      {"default": {"greeting": "Hello"}, "locales": {"nl": {"greeting": "Hallo"}, "en_GB": {"greeting": "Hello, mate"}, "fr": {}}}
      """
    Then the response status should be 204
    When I send a GET request to "/api/v2/config/custom-messages"
    Then the response field "default.greeting" should be "Hello"
    And the response field "locales.nl.greeting" should be "Hallo"
    And the response field "locales.en_GB.greeting" should be "Hello, mate"
    And the response field "locales.de" should not exist
    And the response field "locales.fr" should not exist
    When I send a GET request to "/api/config?fields=messages"
    Then the response field "messages.default.greeting" should be "Hello"
    And the response field "messages.en_GB.greeting" should be "Hello, mate"
    And the response field "messages.de" should not exist
    When I send a DELETE request to "/api/v2/config/custom-messages/en_GB/greeting"
    Then the response status should be 204
    When I send a GET request to "/api/v2/config/custom-messages"
    Then the response field "locales.en_GB" should not exist
    And the response field "locales.nl.greeting" should be "Hallo"

  @emulator
  Scenario: "default" is not a locale in a PUT
    When I send a POST request to "/_emulator/seed" with JSON:
      """
      {"provider": "onegini", "tenants": [{"id": "msg-${unique}", "clients": [{"id": "u", "secret": "s"}]}]}
      """
    Then the response status should be 200
    Given I use the tenant "msg-${unique}"
    And I use basic credentials "u" and "s"
    When I send a PUT request to "/api/v2/config/custom-messages" with JSON:
      """
      {"default": {"greeting": "Hello"}, "locales": {"default": {"greeting": "Hi"}}}
      """
    Then the response status should be 400
    When I send a GET request to "/api/v2/config/custom-messages"
    Then the response status should be 200
    And the response field "default.greeting" should not exist
    And the response field "locales.nl" should exist

  @emulator
  Scenario: the default tenant holds messages in several locales
    Given I am authenticated as the client
    When I send a POST request to "/_emulator/reset?tenant=default"
    Then the response status should be 200
    When I send a GET request to "/api/config?fields=messages"
    Then the response status should be 200
    And the response field "messages.default" should exist
    And the response field "messages.nl" should exist
    And the response field "messages.de" should exist
    And the response field "messages.fr" should exist
