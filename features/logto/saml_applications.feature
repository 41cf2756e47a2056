Feature: SAML applications

  @emulator
  Scenario: a SAML app, its signing certificates and its public metadata
    Given the emulator is seeded with:
      """
      {"provider": "logto", "tenants": [{"id": "saml-${unique}", "clients": [{"id": "saml${unique}", "secret": "SamlSecret${unique}"}]}]}
      """
    And I use the tenant "saml-${unique}"
    When I request a token with form:
      | grant_type    | client_credentials                   |
      | client_id     | saml${unique}                        |
      | client_secret | SamlSecret${unique}                  |
      | resource      | https://saml-${unique}.logto.app/api |
      | scope         | all                                  |
    And I store the response field "access_token" as "token"
    And I use the access token "${token}"
    When I send a POST request to "/api/saml-applications" with JSON:
      """
      {"name": "Wiki", "entityId": "https://sp.example.test", "acsUrl": {"binding": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect", "url": "https://sp.example.test/acs"}}
      """
    Then the response status should be 422
    And the response field "code" should be "application.saml.acs_url_binding_not_supported"
    When I send a POST request to "/api/saml-applications" with JSON:
      """
      {"name": "Wiki", "entityId": "https://sp.example.test", "acsUrl": {"binding": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST", "url": "https://sp.example.test/acs"}}
      """
    Then the response status should be 201
    And the response field "type" should be "SAML"
    And the response field "nameIdFormat" should be "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
    And I store the response field "id" as "app"
    When I send a PATCH request to "/api/saml-applications/${app}" with JSON:
      """
      {"attributeMapping": {"email": "mail", "name": "displayName"}}
      """
    Then the response status should be 200
    And the response field "attributeMapping.email" should be "mail"
    And the response field "acsUrl.url" should be "https://sp.example.test/acs"
    When I send a DELETE request to "/api/applications/${app}"
    Then the response status should be 400
    And the response field "code" should be "application.saml.use_saml_app_api"
    When I send a POST request to "/api/saml-applications/${app}/secrets" with JSON:
      """
      {"lifeSpanInYears": 2}
      """
    Then the response status should be 201
    And the response field "active" should be false
    And I store the response field "id" as "second"
    When I send a PATCH request to "/api/saml-applications/${app}/secrets/${second}" with JSON:
      """
      {"active": true}
      """
    Then the response status should be 200
    And the response field "active" should be true
    When I send a DELETE request to "/api/saml-applications/${app}/secrets/${second}"
    Then the response status should be 400
    And the response field "code" should be "application.saml.can_not_delete_active_secret"
    Given I am not authenticated
    When I send a GET request to "/api/saml-applications/${app}/metadata"
    Then the response status should be 200
    And the response header "Content-Type" should match "^text/xml"
    When I send a DELETE request to "/api/saml-applications/${app}"
    Then the response status should be 401
    Given I use the access token "${token}"
    When I send a DELETE request to "/api/saml-applications/${app}"
    Then the response status should be 204
    When I send a GET request to "/api/saml-applications/${app}"
    Then the response status should be 404
