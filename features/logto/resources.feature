Feature: API resources and their scopes

  Background:
    Given I am authenticated as the client
    When I send a POST request to "/api/resources" with JSON:
      """
      {"name": "Billing ${unique}", "indicator": "https://billing-${unique}.example.test"}
      """
    Then the response status should be 201
    And I store the response field "id" as "resourceId"

  Scenario: a resource is created with Logto's defaults and read back
    Then the response field "accessTokenTtl" should be the number 3600
    And the response field "isDefault" should be false
    And the response field "scopes" should have 0 items
    When I send a GET request to "/api/resources/${resourceId}"
    Then the response status should be 200
    And the response field "indicator" should be "https://billing-${unique}.example.test"
    When I send a GET request to "/api/resources/nores${unique}"
    Then the response status should be 404
    And the response field "code" should be "entity.not_exists_with_id"

  Scenario: a taken indicator is 422 and a missing one is 400
    When I send a POST request to "/api/resources" with JSON:
      """
      {"name": "Again", "indicator": "https://billing-${unique}.example.test"}
      """
    Then the response status should be 422
    And the response field "code" should be "resource.resource_identifier_in_use"
    When I send a POST request to "/api/resources" with JSON:
      """
      {"name": "No indicator"}
      """
    Then the response status should be 400
    And the response field "code" should be "guard.invalid_input"

  Scenario: a resource is renamed and made the default
    When I send a PATCH request to "/api/resources/${resourceId}" with JSON:
      """
      {"name": "Payments ${unique}", "accessTokenTtl": 600}
      """
    Then the response status should be 200
    And the response field "name" should be "Payments ${unique}"
    And the response field "accessTokenTtl" should be the number 600
    When I send a PATCH request to "/api/resources/${resourceId}/is-default" with JSON:
      """
      {"isDefault": true}
      """
    Then the response status should be 200
    And the response field "isDefault" should be true
    When I send a PATCH request to "/api/resources/${resourceId}/is-default" with JSON:
      """
      {"isDefault": false}
      """
    Then the response field "isDefault" should be false

  Scenario: resources are listed whole, or paginated when asked, with their scopes
    When I send a GET request to "/api/resources?includeScopes=true"
    Then the response status should be 200
    And the response field "$" should contain an item with "id" equal to "${resourceId}"
    And the response header "Total-Number" should be ""
    When I send a GET request to "/api/resources?page=1&page_size=100"
    Then the response header "Total-Number" should match "^[0-9]+$"

  Scenario: scopes are created, searched, renamed and deleted
    When I send a POST request to "/api/resources/${resourceId}/scopes" with JSON:
      """
      {"name": "read:invoices", "description": "Read invoices"}
      """
    Then the response status should be 201
    And I store the response field "id" as "scopeId"
    When I send a POST request to "/api/resources/${resourceId}/scopes" with JSON:
      """
      {"name": "read:invoices"}
      """
    Then the response status should be 422
    And the response field "code" should be "scope.name_exists"
    When I send a POST request to "/api/resources/${resourceId}/scopes" with JSON:
      """
      {"name": "read invoices"}
      """
    Then the response status should be 400
    And the response field "code" should be "scope.name_with_space"
    When I send a GET request to "/api/resources/${resourceId}/scopes?search=%25invoices%25"
    Then the response status should be 200
    And the response field "[0].id" should be "${scopeId}"
    When I send a PATCH request to "/api/resources/${resourceId}/scopes/${scopeId}" with JSON:
      """
      {"name": "write:invoices", "description": null}
      """
    Then the response status should be 200
    And the response field "name" should be "write:invoices"
    And the response field "description" should be null
    When I send a DELETE request to "/api/resources/${resourceId}/scopes/${scopeId}"
    Then the response status should be 204
    When I send a DELETE request to "/api/resources/${resourceId}/scopes/${scopeId}"
    Then the response status should be 404

  Scenario: the Management API resource cannot be deleted
    When I send a GET request to "/api/resources"
    Then the response field "$" should contain an item with "indicator" equal to "https://default.logto.app/api"
    When I send a DELETE request to "/api/resources/management-api"
    Then the response status should be 400
    And the response field "code" should be "resource.cannot_delete_management_api"

  Scenario: a deleted resource is gone
    When I send a DELETE request to "/api/resources/${resourceId}"
    Then the response status should be 204
    When I send a GET request to "/api/resources/${resourceId}"
    Then the response status should be 404
    When I send a DELETE request to "/api/resources/${resourceId}"
    Then the response status should be 404
