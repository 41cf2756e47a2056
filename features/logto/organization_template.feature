Feature: The organization template: organization roles and scopes

  Background:
    Given I am authenticated as the client
    When I send a POST request to "/api/organization-scopes" with JSON:
      """
      {"name": "read:${unique}", "description": "Read"}
      """
    Then the response status should be 201
    And I store the response field "id" as "readScope"
    When I send a POST request to "/api/organization-scopes" with JSON:
      """
      {"name": "write:${unique}"}
      """
    And I store the response field "id" as "writeScope"

  Scenario: organization scopes are unique by name, listed by name, updated and deleted
    When I send a POST request to "/api/organization-scopes" with JSON:
      """
      {"name": "read:${unique}"}
      """
    Then the response status should be 422
    And the response field "code" should be "entity.unique_integrity_violation"
    When I send a GET request to "/api/organization-scopes?q=${unique}"
    Then the response status should be 200
    And the response field "$" should have 2 items
    And the response field "[0].name" should be "read:${unique}"
    And the response field "[0].description" should be "Read"
    And the response field "[1].description" should be null
    When I send a PATCH request to "/api/organization-scopes/${writeScope}" with JSON:
      """
      {"name": "read:${unique}"}
      """
    Then the response status should be 422
    When I send a PATCH request to "/api/organization-scopes/${writeScope}" with JSON:
      """
      {"description": "Write"}
      """
    Then the response status should be 200
    And the response field "description" should be "Write"
    When I send a GET request to "/api/organization-scopes/noscope${unique}"
    Then the response status should be 404
    And the response field "code" should be "entity.not_exists_with_id"

  Scenario: an organization role carries organization scopes and API resource scopes
    When I send a POST request to "/api/resources" with JSON:
      """
      {"name": "Docs ${unique}", "indicator": "https://docs-${unique}.example.test"}
      """
    And I store the response field "id" as "resourceId"
    When I send a POST request to "/api/resources/${resourceId}/scopes" with JSON:
      """
      {"name": "docs:read"}
      """
    And I store the response field "id" as "apiScope"
    When I send a POST request to "/api/organization-roles" with JSON:
      """
      {"name": "viewer-${unique}", "description": "Views", "organizationScopeIds": ["${readScope}"], "resourceScopeIds": ["${apiScope}"]}
      """
    Then the response status should be 201
    And the response field "type" should be "User"
    And the response field "scopes" should not exist
    And I store the response field "id" as "roleId"
    When I send a GET request to "/api/organization-roles?q=viewer-${unique}"
    Then the response status should be 200
    And the response field "[0].scopes[0].name" should be "read:${unique}"
    And the response field "[0].resourceScopes[0].resource.id" should be "${resourceId}"
    When I send a POST request to "/api/organization-roles" with JSON:
      """
      {"name": "viewer-${unique}"}
      """
    Then the response status should be 422
    And the response field "code" should be "entity.unique_integrity_violation"
    When I send a POST request to "/api/organization-roles/${roleId}/scopes" with JSON:
      """
      {"organizationScopeIds": ["${writeScope}", "${readScope}"]}
      """
    Then the response status should be 201
    When I send a GET request to "/api/organization-roles/${roleId}/scopes"
    Then the response status should be 200
    And the response field "$" should have 2 items
    When I send a PUT request to "/api/organization-roles/${roleId}/scopes" with JSON:
      """
      {"organizationScopeIds": ["${writeScope}"]}
      """
    Then the response status should be 204
    When I send a GET request to "/api/organization-roles/${roleId}/scopes?page=1&page_size=5"
    Then the response field "$" should have 1 item
    And the response field "[0].id" should be "${writeScope}"
    And the response header "Total-Number" should be "1"
    When I send a DELETE request to "/api/organization-scopes/${writeScope}"
    Then the response status should be 204
    When I send a GET request to "/api/organization-roles/${roleId}/scopes"
    Then the response field "$" should have 0 items
    When I send a GET request to "/api/organization-roles/${roleId}/resource-scopes"
    Then the response status should be 200
    And the response field "[0].id" should be "${apiScope}"
    When I send a DELETE request to "/api/organization-roles/${roleId}/resource-scopes/${apiScope}"
    Then the response status should be 204
    When I send a DELETE request to "/api/organization-roles/${roleId}/resource-scopes/${apiScope}"
    Then the response status should be 422
    And the response field "code" should be "entity.not_found"
    When I send a POST request to "/api/organization-roles/${roleId}/resource-scopes" with JSON:
      """
      {"scopeIds": ["noscope${unique}"]}
      """
    Then the response status should be 422
    And the response field "code" should be "entity.relation_foreign_key_not_found"
    When I send a PATCH request to "/api/organization-roles/${roleId}" with JSON:
      """
      {"name": "reader-${unique}", "description": null}
      """
    Then the response status should be 200
    And the response field "name" should be "reader-${unique}"
    And the response field "description" should be null
    When I send a DELETE request to "/api/organization-roles/${roleId}"
    Then the response status should be 204
    When I send a GET request to "/api/organization-roles/${roleId}"
    Then the response status should be 404
    And the response field "code" should be "entity.not_found"
    When I send a DELETE request to "/api/resources/${resourceId}"
    Then the response status should be 204
