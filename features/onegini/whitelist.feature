Feature: Action-token whitelisted URLs
  The redirect whitelist of action tokens is a set of absolute URLs, each with an id
  the server assigns. It is part of the features unit.

  Scenario: a URL is added with an id, listed, and deleted by its id
    Given I am authenticated as the client
    When I send a POST request to "/api/v2/config/features/action-token/whitelisted-urls" with JSON:
      """
      {"url": "https://app-${unique}.example.test/callback"}
      """
    Then the response status should be 201
    And the response header "Content-Type" should match "^application/json"
    And the response field "url" should be "https://app-${unique}.example.test/callback"
    And the response field "id" should match "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
    And I store the response field "id" as "url_id"
    And the response header "Location" should match "/api/v2/config/features/action-token/whitelisted-urls/${url_id}$"
    When I send a GET request to "/api/v2/config/features/action-token/whitelisted-urls"
    Then the response status should be 200
    And the response field "whitelisted_urls" should contain an item with "id" equal to "${url_id}"
    When I send a GET request to "/api/v2/config/features"
    Then the response field "action_token.whitelisted_urls" should contain an item with "url" equal to "https://app-${unique}.example.test/callback"
    When I send a DELETE request to "/api/v2/config/features/action-token/whitelisted-urls/${url_id}"
    Then the response status should be 204
    And the response body should be empty
    When I send a DELETE request to "/api/v2/config/features/action-token/whitelisted-urls/${url_id}"
    Then the response status should be 404
    And the response body should be empty

  Scenario: the id is the server's: one sent by the client is ignored
    Given I am authenticated as the client
    When I send a POST request to "/api/v2/config/features/action-token/whitelisted-urls" with JSON:
      """
      {"id": "my-own-id-${unique}", "url": "https://own-${unique}.example.test/cb"}
      """
    Then the response status should be 201
    And the response field "id" should match "^[0-9a-f-]{36}$"
    And I store the response field "id" as "url_id"
    When I send a DELETE request to "/api/v2/config/features/action-token/whitelisted-urls/my-own-id-${unique}"
    Then the response status should be 404
    When I send a DELETE request to "/api/v2/config/features/action-token/whitelisted-urls/${url_id}"
    Then the response status should be 204

  Scenario: adding a URL that is already listed answers its entry, once
    Given I am authenticated as the client
    When I send a POST request to "/api/v2/config/features/action-token/whitelisted-urls" with JSON:
      """
      {"url": "https://twice-${unique}.example.test/cb"}
      """
    Then the response status should be 201
    And I store the response field "id" as "url_id"
    When I send a POST request to "/api/v2/config/features/action-token/whitelisted-urls" with JSON:
      """
      {"url": "https://twice-${unique}.example.test/cb"}
      """
    Then the response status should be 201
    And the response field "id" should be "${url_id}"
    When I send a DELETE request to "/api/v2/config/features/action-token/whitelisted-urls/${url_id}"
    Then the response status should be 204
    When I send a DELETE request to "/api/v2/config/features/action-token/whitelisted-urls/${url_id}"
    Then the response status should be 404

  Scenario Outline: a whitelisted URL that is not an absolute URL is 400 (<case>)
    Given I am authenticated as the client
    When I send a POST request to "/api/v2/config/features/action-token/whitelisted-urls" with JSON:
      """
      <body>
      """
    Then the response status should be 400
    And the response body should be empty

    Examples:
      | case           | body                         |
      | no url         | {}                           |
      | an empty url   | {"url": ""}                  |
      | a relative url | {"url": "/callback"}         |
      | no host        | {"url": "https:///callback"} |
      | not a string   | {"url": 42}                  |

  @emulator
  Scenario: a features POST replaces the list; listed URLs keep their ids, new ones get one
    When I send a POST request to "/_emulator/seed" with JSON:
      """
      {"provider": "onegini", "tenants": [{"id": "wl-${unique}", "clients": [{"id": "u", "secret": "s"}]}]}
      """
    Then the response status should be 200
    Given I use the tenant "wl-${unique}"
    And I use basic credentials "u" and "s"
    When I send a GET request to "/api/v2/config/features/action-token/whitelisted-urls"
    Then the response field "whitelisted_urls" should have 1 item
    And the response field "whitelisted_urls[0].id" should be "5b0f3f4e-3c1a-4c39-9d7e-2f64a1c0b001"
    When I send a POST request to "/api/v2/config/features" with JSON:
      """
      {"action_token": {"whitelisted_urls": [
        {"id": "5b0f3f4e-3c1a-4c39-9d7e-2f64a1c0b001", "url": "https://app.example.test/action-token/callback"},
        {"url": "https://new.example.test/cb"}, {"url": "https://new.example.test/cb"}]}}
      """
    Then the response status should be 204
    When I send a GET request to "/api/v2/config/features"
    Then the response field "action_token.whitelisted_urls" should have 2 items
    And the response field "action_token.whitelisted_urls[0].id" should be "5b0f3f4e-3c1a-4c39-9d7e-2f64a1c0b001"
    And the response field "action_token.whitelisted_urls[1].url" should be "https://new.example.test/cb"
    And the response field "action_token.whitelisted_urls[1].id" should match "^[0-9a-f-]{36}$"
    And the response field "action_token.app_to_web.ttl" should be the number 60
    When I send a POST request to "/api/v2/config/features" with JSON:
      """
      {"action_token": {"whitelisted_urls": [{"url": "relative/path"}]}}
      """
    Then the response status should be 400
