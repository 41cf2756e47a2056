Feature: Webhooks and the audit log

  Background:
    Given I am authenticated as the client

  Scenario: a webhook is created, read, updated, re-keyed and deleted
    When I send a POST request to "/api/hooks" with JSON:
      """
      {"name": "hook-${unique}", "events": ["User.Created", "User.Deleted"], "config": {"url": "https://hooks.example.test/${unique}"}}
      """
    Then the response status should be 201
    And the response field "enabled" should be true
    And the response field "signingKey" should match "^[0-9A-Za-z]{32}$"
    And I store the response field "id" as "hookId"
    And I store the response field "signingKey" as "firstKey"
    When I send a GET request to "/api/hooks/${hookId}?includeExecutionStats=true"
    Then the response status should be 200
    And the response field "executionStats.requestCount" should be the number 0
    When I send a PATCH request to "/api/hooks/${hookId}" with JSON:
      """
      {"events": ["PostSignIn"], "enabled": false}
      """
    Then the response status should be 200
    And the response field "events[0]" should be "PostSignIn"
    And the response field "enabled" should be false
    When I send a PATCH request to "/api/hooks/${hookId}/signing-key"
    Then the response status should be 200
    And the response field "signingKey" should match "^[0-9A-Za-z]{32}$"
    When I send a GET request to "/api/hooks/${hookId}/recent-logs"
    Then the response status should be 200
    And the response field "$" should have 0 items
    When I send a GET request to "/api/hooks"
    Then the response status should be 200
    And the response field "$" should contain an item with "id" equal to "${hookId}"
    When I send a DELETE request to "/api/hooks/${hookId}"
    Then the response status should be 204
    When I send a GET request to "/api/hooks/${hookId}"
    Then the response status should be 404
    And the response field "code" should be "entity.not_exists_with_id"

  Scenario: a webhook needs an event and an endpoint
    When I send a POST request to "/api/hooks" with JSON:
      """
      {"name": "eventless-${unique}", "config": {"url": "https://hooks.example.test/"}}
      """
    Then the response status should be 400
    And the response field "code" should be "hook.missing_events"
    When I send a POST request to "/api/hooks" with JSON:
      """
      {"events": ["User.Created"]}
      """
    Then the response status should be 400
    And the response field "data.issues[0].path[0]" should be "config"
    When I send a POST request to "/api/hooks" with JSON:
      """
      {"events": ["User.Exploded"], "config": {"url": "https://hooks.example.test/"}}
      """
    Then the response status should be 400
    And the response field "data.issues[0].code" should be "invalid_enum_value"

  @emulator
  Scenario: the audit log records the client's token grants
    When I send a GET request to "/api/logs?logKey=ExchangeTokenBy.ClientCredentials&page_size=1"
    Then the response status should be 200
    And the response field "[0].key" should be "ExchangeTokenBy.ClientCredentials"
    And the response field "[0].payload.result" should be "Success"
    And I store the response field "[0].id" as "logId"
    When I send a GET request to "/api/logs/${logId}"
    Then the response status should be 200
    And the response field "payload.key" should be "ExchangeTokenBy.ClientCredentials"
    When I send a GET request to "/api/logs/nolog${unique}"
    Then the response status should be 404
