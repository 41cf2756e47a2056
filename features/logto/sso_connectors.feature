Feature: Enterprise SSO connectors

  Background:
    Given I am authenticated as the client

  Scenario: the providers are listed
    When I send a GET request to "/api/sso-connector-providers"
    Then the response status should be 200
    And the response field "$" should contain an item with "providerName" equal to "OIDC"
    And the response field "$" should contain an item with "providerName" equal to "SAML"

  Scenario: a SAML connector is created, read, renamed, linked to an organization and deleted
    When I send a POST request to "/api/sso-connectors" with JSON:
      """
      {"providerName": "SAML", "connectorName": "acme-${unique}", "domains": ["acme-${unique}.example.test"]}
      """
    Then the response status should be 200
    And the response field "providerName" should be "SAML"
    And the response field "domains[0]" should be "acme-${unique}.example.test"
    And I store the response field "id" as "ssoId"
    When I send a POST request to "/api/sso-connectors" with JSON:
      """
      {"providerName": "SAML", "connectorName": "acme-${unique}"}
      """
    Then the response status should be 409
    And the response field "code" should be "single_sign_on.duplicate_connector_name"
    When I send a GET request to "/api/sso-connectors/${ssoId}"
    Then the response status should be 200
    And the response field "providerType" should be "saml"
    When I send a PATCH request to "/api/sso-connectors/${ssoId}" with JSON:
      """
      {"connectorName": "acme-corp-${unique}", "syncProfile": true}
      """
    Then the response status should be 200
    And the response field "connectorName" should be "acme-corp-${unique}"
    And the response field "syncProfile" should be true
    When I send a POST request to "/api/organizations" with JSON:
      """
      {"name": "SSO ${unique}"}
      """
    And I store the response field "id" as "orgId"
    When I send a POST request to "/api/organizations/${orgId}/jit/sso-connectors" with JSON:
      """
      {"ssoConnectorIds": ["${ssoId}"]}
      """
    Then the response status should be 201
    When I send a GET request to "/api/organizations/${orgId}/jit/sso-connectors"
    Then the response field "[0].id" should be "${ssoId}"
    When I send a DELETE request to "/api/sso-connectors/${ssoId}"
    Then the response status should be 204
    When I send a GET request to "/api/organizations/${orgId}/jit/sso-connectors"
    Then the response field "$" should have 0 items
    When I send a GET request to "/api/sso-connectors/${ssoId}"
    Then the response status should be 404

  Scenario: domains and configs are checked
    When I send a POST request to "/api/sso-connectors" with JSON:
      """
      {"providerName": "OIDC", "connectorName": "gmail-${unique}", "domains": ["gmail.com"]}
      """
    Then the response status should be 422
    And the response field "code" should be "single_sign_on.forbidden_domains"
    When I send a POST request to "/api/sso-connectors" with JSON:
      """
      {"providerName": "OIDC", "connectorName": "dup-${unique}", "domains": ["a-${unique}.example.test", "a-${unique}.example.test"]}
      """
    Then the response status should be 422
    And the response field "code" should be "single_sign_on.duplicated_domains"
    When I send a POST request to "/api/sso-connectors" with JSON:
      """
      {"providerName": "Ping", "connectorName": "ping-${unique}"}
      """
    Then the response status should be 422
    And the response field "code" should be "connector.not_found"
