Feature: Custom profile fields

  Scenario: fields are created, reordered, updated and deleted by name
    Given I am authenticated as the client
    When I send a POST request to "/api/custom-profile-fields" with JSON:
      """
      {"name": "company${unique}", "type": "Text", "label": "Company", "required": false, "config": {"maxLength": 64}}
      """
    Then the response status should be 201
    And the response field "name" should be "company${unique}"
    And the response field "config.maxLength" should be the number 64
    And the response field "description" should be null
    When I send a POST request to "/api/custom-profile-fields/batch" with JSON:
      """
      [{"name": "news${unique}", "type": "Checkbox", "required": false, "config": {"defaultValue": "false"}},
       {"name": "home${unique}", "type": "Address", "required": false,
        "config": {"parts": [{"name": "streetAddress", "type": "Text", "enabled": true, "required": false}]}}]
      """
    Then the response status should be 201
    And the response field "$" should have 2 items
    When I send a POST request to "/api/custom-profile-fields" with JSON:
      """
      {"name": "primaryEmail", "type": "Text", "required": false}
      """
    Then the response status should be 400
    And the response field "code" should be "custom_profile_fields.name_conflict_sign_in_identifier"
    When I send a PUT request to "/api/custom-profile-fields/company${unique}" with JSON:
      """
      {"type": "Text", "label": "Employer", "required": false}
      """
    Then the response status should be 200
    And the response field "label" should be "Employer"
    And the response field "name" should be "company${unique}"
    When I send a POST request to "/api/custom-profile-fields/properties/sie-order" with JSON:
      """
      {"order": [{"name": "company${unique}", "sieOrder": 902}, {"name": "news${unique}", "sieOrder": 901}]}
      """
    Then the response status should be 200
    And the response field "[0].name" should be "news${unique}"
    And the response field "[1].sieOrder" should be the number 902
    When I send a POST request to "/api/custom-profile-fields/properties/sie-order" with JSON:
      """
      {"order": [{"name": "ghost${unique}", "sieOrder": 1}]}
      """
    Then the response status should be 400
    And the response field "code" should be "custom_profile_fields.entity_not_exists_with_names"
    When I send a GET request to "/api/custom-profile-fields"
    Then the response status should be 200
    And the response field "$" should contain an item with "name" equal to "home${unique}"
    When I send a DELETE request to "/api/custom-profile-fields/company${unique}"
    Then the response status should be 204
    When I send a GET request to "/api/custom-profile-fields/company${unique}"
    Then the response status should be 404
    And the response field "code" should be "entity.not_found"
    When I send a DELETE request to "/api/custom-profile-fields/news${unique}"
    Then the response status should be 204
    When I send a DELETE request to "/api/custom-profile-fields/home${unique}"
    Then the response status should be 204
