Feature: The Experience API (the sign-in UI's interaction)

  # An interaction lives in the _interaction cookie; this suite's HTTP client keeps no
  # cookies, so the flows themselves are covered by the Go tests of emulator/logto.

  Scenario: an interaction starts, and a call without it has no session
    When I send a PUT request to "/api/experience" with JSON:
      """
      {"interactionEvent": "SignIn"}
      """
    Then the response status should be 204
    And the response header "Set-Cookie" should match "^_interaction="
    When I send a POST request to "/api/experience/verification/password" with JSON:
      """
      {"identifier": {"type": "username", "value": "nobody_${unique}"}, "password": "whatever"}
      """
    Then the response status should be 400
    And the response field "code" should be "session.not_found"
    When I send a PUT request to "/api/experience" with JSON:
      """
      {"interactionEvent": "Shopping"}
      """
    Then the response status should be 400
    And the response field "code" should be "guard.invalid_input"

  Scenario: enterprise SSO connectors are found by email domain
    Given I am authenticated as the client
    When I send a POST request to "/api/sso-connectors" with JSON:
      """
      {"providerName": "OIDC", "connectorName": "corp-${unique}", "domains": ["corp-${unique}.example.test"]}
      """
    And I store the response field "id" as "ssoId"
    When I am not authenticated
    And I send a GET request to "/api/experience/sso-connectors?email=someone@corp-${unique}.example.test"
    Then the response status should be 200
    And the response field "connectorIds[0]" should be "${ssoId}"
    When I send a GET request to "/api/experience/sso-connectors?email=someone@elsewhere-${unique}.example.test"
    Then the response field "connectorIds" should have 0 items
