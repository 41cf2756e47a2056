Feature: Connectors and connector factories

  Background:
    Given the emulator is seeded with:
      """
      {"provider": "logto", "tenants": [{"id": "conn-${unique}", "clients": [{"id": "conn${unique}", "secret": "ConnSecret${unique}"}]}]}
      """
    And I use the tenant "conn-${unique}"
    When I request a token with form:
      | grant_type    | client_credentials                     |
      | client_id     | conn${unique}                          |
      | client_secret | ConnSecret${unique}                    |
      | resource      | https://conn-${unique}.logto.app/api   |
      | scope         | all                                    |
    Then the response status should be 200
    And I store the response field "access_token" as "token"
    And I use the access token "${token}"

  @emulator
  Scenario: the factories are listed and read
    When I send a GET request to "/api/connector-factories"
    Then the response status should be 200
    And the response field "$" should contain an item with "id" equal to "simple-mail-transfer-protocol"
    When I send a GET request to "/api/connector-factories/oidc"
    Then the response status should be 200
    And the response field "isStandard" should be true
    And the response field "type" should be "Social"
    When I send a GET request to "/api/connector-factories/nothing"
    Then the response status should be 404
    And the response field "code" should be "entity.not_found"

  @emulator
  Scenario: an email connector is created, replaced by another, and sends a test message
    When I send a POST request to "/api/connectors" with JSON:
      """
      {"connectorId": "simple-mail-transfer-protocol", "config": {"host": "smtp.example.test"}}
      """
    Then the response status should be 400
    And the response field "code" should be "connector.invalid_config"
    And the response field "data.issues[0].path[0]" should be "port"
    When I send a POST request to "/api/connectors" with JSON:
      """
      {"connectorId": "simple-mail-transfer-protocol", "config": {"host": "smtp.example.test", "port": 25, "fromEmail": "noreply@example.test"}}
      """
    Then the response status should be 200
    And the response field "type" should be "Email"
    And the response field "id" should match "^[0-9a-z]{12}$"
    And I store the response field "id" as "first"
    When I send a POST request to "/api/connectors" with JSON:
      """
      {"id": "mail-${unique}", "connectorId": "simple-mail-transfer-protocol", "config": {"host": "mx.example.test", "port": 587, "fromEmail": "noreply@example.test"}}
      """
    Then the response status should be 200
    When I send a GET request to "/api/connectors/${first}"
    Then the response status should be 404
    When I send a GET request to "/api/connectors/mail-${unique}"
    Then the response status should be 200
    And the response field "config.host" should be "mx.example.test"
    When I send a PATCH request to "/api/connectors/mail-${unique}" with JSON:
      """
      {"syncProfile": true}
      """
    Then the response status should be 422
    And the response field "code" should be "connector.invalid_type_for_syncing_profile"
    When I send a POST request to "/api/connectors/simple-mail-transfer-protocol/test" with JSON:
      """
      {"email": "tester_${unique}@example.test", "config": {"host": "h", "port": 1, "fromEmail": "a@example.test"}}
      """
    Then the response status should be 204
    And the outbox should have a message to "tester_${unique}@example.test" with purpose "Generic"
    When I send a POST request to "/api/connectors/simple-mail-transfer-protocol/test" with JSON:
      """
      {"phone": "15550100", "config": {"host": "h", "port": 1, "fromEmail": "a@example.test"}}
      """
    Then the response status should be 400
    And the response field "code" should be "connector.unexpected_type"

  @emulator
  Scenario: social connectors keep one per target and platform, and give an authorization URI
    When I send a GET request to "/api/connectors?target=google"
    Then the response status should be 200
    And the response field "$" should have 1 item
    And I store the response field "[0].id" as "google"
    When I send a POST request to "/api/connectors" with JSON:
      """
      {"connectorId": "google-universal", "config": {"clientId": "a", "clientSecret": "b"}}
      """
    Then the response status should be 422
    And the response field "code" should be "connector.multiple_instances_not_supported"
    When I send a PATCH request to "/api/connectors/${google}" with JSON:
      """
      {"config": {"clientId": "google-client", "clientSecret": "s"}, "syncProfile": true}
      """
    Then the response status should be 200
    And the response field "syncProfile" should be true
    When I send a POST request to "/api/connectors/${google}/authorization-uri" with JSON:
      """
      {"state": "xyz", "redirectUri": "https://app.example.test/callback"}
      """
    Then the response status should be 200
    And the response field "redirectTo" should match "^https://accounts\.google\.com/o/oauth2/v2/auth\?.*client_id=google-client"
    When I send a POST request to "/api/connectors" with JSON:
      """
      {"connectorId": "oidc", "config": {"clientId": "a", "clientSecret": "b", "authorizationEndpoint": "https://idp.example.test/authorize", "tokenEndpoint": "https://idp.example.test/token"}}
      """
    Then the response status should be 400
    And the response field "code" should be "connector.should_specify_target"
    When I send a POST request to "/api/connectors" with JSON:
      """
      {"connectorId": "oidc", "metadata": {"target": "acme", "name": {"en": "Acme SSO"}}, "config": {"clientId": "a", "clientSecret": "b", "authorizationEndpoint": "https://idp.example.test/authorize", "tokenEndpoint": "https://idp.example.test/token"}}
      """
    Then the response status should be 200
    And the response field "target" should be "acme"
    And the response field "name.en" should be "Acme SSO"
    And I store the response field "id" as "acme"
    When I send a POST request to "/api/connectors" with JSON:
      """
      {"connectorId": "oauth2", "metadata": {"target": "acme"}, "config": {"clientId": "a", "clientSecret": "b", "authorizationEndpoint": "https://x.example.test/a", "tokenEndpoint": "https://x.example.test/t", "userInfoEndpoint": "https://x.example.test/u"}}
      """
    Then the response status should be 422
    And the response field "code" should be "connector.multiple_target_with_same_platform"
    When I send a PATCH request to "/api/connectors/${acme}" with JSON:
      """
      {"metadata": {"target": "other"}}
      """
    Then the response status should be 400
    And the response field "code" should be "connector.can_not_modify_target"
    When I send a DELETE request to "/api/connectors/${acme}"
    Then the response status should be 204
    When I send a DELETE request to "/api/connectors/${acme}"
    Then the response status should be 404
    And the response field "code" should be "entity.not_exists_with_id"
    When I send a POST request to "/api/connectors" with JSON:
      """
      {"connectorId": "no-such-factory"}
      """
    Then the response status should be 422
    And the response field "code" should be "connector.not_found_with_connector_id"
