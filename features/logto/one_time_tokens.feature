Feature: One-time tokens

  Background:
    Given I am authenticated as the client

  Scenario: a token is made, verified once, and cannot come back
    When I send a POST request to "/api/one-time-tokens" with JSON:
      """
      {"email": "magic_${unique}@example.test", "expiresIn": 600, "context": {"jitOrganizationIds": []}}
      """
    Then the response status should be 201
    And the response field "status" should be "active"
    And I store the response field "id" as "tokenId"
    And I store the response field "token" as "token"
    When I send a POST request to "/api/one-time-tokens/verify" with JSON:
      """
      {"email": "other_${unique}@example.test", "token": "${token}"}
      """
    Then the response status should be 400
    And the response field "code" should be "one_time_token.email_mismatch"
    When I send a POST request to "/api/one-time-tokens/verify" with JSON:
      """
      {"email": "magic_${unique}@example.test", "token": "${token}"}
      """
    Then the response status should be 200
    And the response field "status" should be "consumed"
    When I send a POST request to "/api/one-time-tokens/verify" with JSON:
      """
      {"email": "magic_${unique}@example.test", "token": "${token}"}
      """
    Then the response status should be 400
    And the response field "code" should be "one_time_token.token_consumed"
    When I send a PUT request to "/api/one-time-tokens/${tokenId}/status" with JSON:
      """
      {"status": "active"}
      """
    Then the response status should be 400
    And the response field "code" should be "one_time_token.cannot_reactivate_token"
    When I send a GET request to "/api/one-time-tokens?email=magic_${unique}@example.test"
    Then the response status should be 200
    And the response field "[0].id" should be "${tokenId}"
    When I send a DELETE request to "/api/one-time-tokens/${tokenId}"
    Then the response status should be 204
    When I send a GET request to "/api/one-time-tokens/${tokenId}"
    Then the response status should be 404

  Scenario: a revoked token is refused, an unknown one not found
    When I send a POST request to "/api/one-time-tokens" with JSON:
      """
      {"email": "revoked_${unique}@example.test"}
      """
    And I store the response field "id" as "tokenId"
    And I store the response field "token" as "token"
    When I send a PUT request to "/api/one-time-tokens/${tokenId}/status" with JSON:
      """
      {"status": "revoked"}
      """
    Then the response status should be 200
    And the response field "status" should be "revoked"
    When I send a POST request to "/api/one-time-tokens/verify" with JSON:
      """
      {"email": "revoked_${unique}@example.test", "token": "${token}"}
      """
    Then the response status should be 400
    And the response field "code" should be "one_time_token.token_revoked"
    When I send a POST request to "/api/one-time-tokens/verify" with JSON:
      """
      {"email": "revoked_${unique}@example.test", "token": "nothing-${unique}"}
      """
    Then the response status should be 404
    And the response field "code" should be "one_time_token.token_not_found"

  @emulator
  Scenario: a token expires by the clock
    When I send a POST request to "/api/one-time-tokens" with JSON:
      """
      {"email": "late_${unique}@example.test", "expiresIn": 60}
      """
    And I store the response field "id" as "tokenId"
    And I store the response field "token" as "token"
    When I advance the clock by "2m"
    And I am authenticated as the client
    And I send a POST request to "/api/one-time-tokens/verify" with JSON:
      """
      {"email": "late_${unique}@example.test", "token": "${token}"}
      """
    Then the response status should be 400
    And the response field "code" should be "one_time_token.token_expired"
    When I send a GET request to "/api/one-time-tokens/${tokenId}"
    Then the response field "status" should be "expired"
