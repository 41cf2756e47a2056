Feature: Cloud Directory users (SCIM)
  Users are SCIM 2.0 resources. Emails and userNames are unique in a tenant, and
  every error on these paths is a SCIM error object.

  Background:
    Given I am authenticated as the client

  Scenario: a user is created, read, listed, updated and deleted
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/Users" with JSON:
      """
      {"emails": [{"value": "ann-${unique}@example.test", "primary": true}], "password": "Ann-password-1",
       "userName": "ann${unique}", "displayName": "Ann", "name": {"givenName": "Ann", "familyName": "Lee"},
       "active": true, "status": "CONFIRMED"}
      """
    Then the response status should be 201
    And the response header "Content-Type" should match "^application/json"
    And the response field "id" should exist
    And the response field "schemas[0]" should be "urn:ietf:params:scim:schemas:core:2.0:User"
    And the response field "userName" should be "ann${unique}"
    And the response field "emails[0].value" should be "ann-${unique}@example.test"
    And the response field "emails[0].primary" should be true
    And the response field "status" should be "CONFIRMED"
    And the response field "meta.resourceType" should be "User"
    And the response field "meta.created" should match "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{3}Z$"
    And the response field "password" should not exist
    And I store the response field "id" as "user"
    When I send a GET request to "/management/v4/${tenantId}/cloud_directory/Users/${user}"
    Then the response status should be 200
    And the response field "name.familyName" should be "Lee"
    When I send a GET request to "/management/v4/${tenantId}/cloud_directory/Users?query=ann-${unique}@example.test"
    Then the response status should be 200
    And the response field "totalResults" should be the number 1
    And the response field "Resources[0].id" should be "${user}"
    When I send a GET request to "/management/v4/${tenantId}/cloud_directory/Users?query=ANN${unique}&count=5&startIndex=1"
    Then the response field "Resources" should have 1 item
    When I send a PUT request to "/management/v4/${tenantId}/cloud_directory/Users/${user}" with JSON:
      """
      {"emails": [{"value": "ann2-${unique}@example.test", "primary": true}], "displayName": "Ann Lee", "active": false}
      """
    Then the response status should be 200
    And the response field "displayName" should be "Ann Lee"
    And the response field "active" should be false
    When I send a GET request to "/management/v4/${tenantId}/cloud_directory/Users/${user}"
    Then the response field "emails[0].value" should be "ann2-${unique}@example.test"
    And the response field "userName" should be "ann${unique}"
    When I send a DELETE request to "/management/v4/${tenantId}/cloud_directory/Users/${user}"
    Then the response status should be 204
    When I send a GET request to "/management/v4/${tenantId}/cloud_directory/Users/${user}"
    Then the response status should be 404
    And the response field "schemas[0]" should be "urn:ietf:params:scim:api:messages:2.0:Error"
    And the response field "status" should be "404"

  Scenario: a user without a display name is shown by its email
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/Users" with JSON:
      """
      {"emails": [{"value": "plain-${unique}@example.test"}], "password": "Plain-password-1"}
      """
    Then the response status should be 201
    And the response field "displayName" should be "plain-${unique}@example.test"
    And the response field "emails[0].primary" should be true

  Scenario: an email that is taken is 409 uniqueness, on create and on update
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/Users" with JSON:
      """
      {"emails": [{"value": "dup-${unique}@example.test"}], "password": "Dup-password-1"}
      """
    Then the response status should be 201
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/Users" with JSON:
      """
      {"emails": [{"value": "DUP-${unique}@example.test"}], "password": "Dup-password-1"}
      """
    Then the response status should be 409
    And the response field "scimType" should be "uniqueness"
    And the response field "status" should be "409"
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/Users" with JSON:
      """
      {"emails": [{"value": "other-${unique}@example.test"}], "password": "Dup-password-1"}
      """
    Then the response status should be 201
    And I store the response field "id" as "other"
    When I send a PUT request to "/management/v4/${tenantId}/cloud_directory/Users/${other}" with JSON:
      """
      {"emails": [{"value": "dup-${unique}@example.test"}]}
      """
    Then the response status should be 409
    And the response field "scimType" should be "uniqueness"

  Scenario Outline: a user body with <case> is a SCIM 400
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/Users" with JSON:
      """
      <body>
      """
    Then the response status should be 400
    And the response field "schemas[0]" should be "urn:ietf:params:scim:api:messages:2.0:Error"
    And the response field "scimType" should be "<type>"
    And the response field "detail" should exist

    Examples:
      | case                     | body                                                                                   | type          |
      | no emails                | {"password": "Some-password-1"}                                                        | invalidValue  |
      | no password              | {"emails": [{"value": "np-${unique}@example.test"}]}                                   | invalidValue  |
      | an email that is not one | {"emails": [{"value": "not-an-email"}], "password": "Some-password-1"}                 | invalidValue  |
      | two primary emails       | {"emails": [{"value": "a-${unique}@example.test", "primary": true}, {"value": "b-${unique}@example.test", "primary": true}], "password": "Some-password-1"} | invalidValue |
      | an unknown status        | {"emails": [{"value": "s-${unique}@example.test"}], "password": "Some-password-1", "status": "GONE"} | invalidValue |
      | an empty password        | {"emails": [{"value": "e-${unique}@example.test"}], "password": ""}                    | invalidValue  |

  Scenario: a body that is not JSON is a SCIM invalidSyntax
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/Users" with body "{not json" of type "application/json"
    Then the response status should be 400
    And the response field "scimType" should be "invalidSyntax"

  Scenario Outline: <operation> of a user that does not exist is a SCIM 404
    When I send a <method> request to "/management/v4/${tenantId}<path>" with JSON:
      """
      {"emails": [{"value": "ghost-${unique}@example.test"}]}
      """
    Then the response status should be 404
    And the response field "schemas[0]" should be "urn:ietf:params:scim:api:messages:2.0:Error"

    Examples:
      | operation                 | method | path                                                    |
      | updateCloudDirectoryUser  | PUT    | /cloud_directory/Users/ghost-${unique}                  |
      | deleteCloudDirectoryUser  | DELETE | /cloud_directory/Users/ghost-${unique}                  |
      | invalidateUserSSOSessions | POST   | /cloud_directory/Users/ghost-${unique}/sso/logout       |
      | cloudDirectoryRemove      | DELETE | /cloud_directory/remove/ghost-${unique}                 |

  Scenario: the user info of a user that does not exist is a SCIM 404
    When I send a GET request to "/management/v4/${tenantId}/cloud_directory/ghost-${unique}/userinfo"
    Then the response status should be 404
    And the response field "detail" should exist

  Scenario: single sign-on sessions of a user are ended
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/Users" with JSON:
      """
      {"emails": [{"value": "sso-${unique}@example.test"}], "password": "Sso-password-1"}
      """
    And I store the response field "id" as "user"
    And I send a POST request to "/management/v4/${tenantId}/cloud_directory/Users/${user}/sso/logout"
    Then the response status should be 204
    And the response body should be empty

  Scenario: a user's info carries its profile once it has one, and remove deletes both
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/sign_up?shouldCreateProfile=true" with JSON:
      """
      {"emails": [{"value": "info-${unique}@example.test"}], "password": "Info-password-1"}
      """
    Then the response status should be 201
    And I store the response field "id" as "user"
    When I send a GET request to "/management/v4/${tenantId}/cloud_directory/${user}/userinfo"
    Then the response status should be 200
    And the response field "sub" should exist
    And the response field "identities[0].provider" should be "cloud_directory"
    And the response field "identities[0].id" should be "${user}"
    And the response field "identities[0].idpUserInfo.emails[0].value" should be "info-${unique}@example.test"
    And I store the response field "sub" as "profile"
    When I send a DELETE request to "/management/v4/${tenantId}/cloud_directory/remove/${user}"
    Then the response status should be 204
    When I send a GET request to "/management/v4/${tenantId}/users/${profile}/profile"
    Then the response status should be 404
    When I send a GET request to "/management/v4/${tenantId}/cloud_directory/Users/${user}"
    Then the response status should be 404

  Scenario: a user created without a profile has none until it signs in
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/Users" with JSON:
      """
      {"emails": [{"value": "noprof-${unique}@example.test"}], "password": "Noprof-password-1"}
      """
    And I store the response field "id" as "user"
    And I send a GET request to "/management/v4/${tenantId}/cloud_directory/${user}/userinfo"
    Then the response status should be 200
    And the response field "sub" should not exist
    And the response field "identities[0].id" should be "${user}"

  @emulator
  Scenario: with userName as the identity field, a user needs one
    Given a fresh App ID tenant
    When I send a PUT request to "/management/v4/${tenantId}/config/idps/cloud_directory" with JSON:
      """
      {"isActive": true, "config": {"selfServiceEnabled": true, "identityField": "userName",
       "interactions": {"identityConfirmation": {"accessMode": "FULL", "methods": ["email"]},
        "welcomeEnabled": true, "resetPasswordEnabled": true, "resetPasswordNotificationEnable": true}}}
      """
    Then the response status should be 200
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/Users" with JSON:
      """
      {"emails": [{"value": "un-${unique}@example.test"}], "password": "Un-password-1"}
      """
    Then the response status should be 400
    And the response field "detail" should be "Missing userName"
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/Users" with JSON:
      """
      {"emails": [{"value": "un-${unique}@example.test"}], "password": "Un-password-1", "userName": "un${unique}"}
      """
    Then the response status should be 201
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/Users" with JSON:
      """
      {"emails": [{"value": "un2-${unique}@example.test"}], "password": "Un-password-1", "userName": "UN${unique}"}
      """
    Then the response status should be 409

  @emulator
  Scenario: the list pages in creation order
    Given a fresh App ID tenant
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/Users" with JSON:
      """
      {"emails": [{"value": "p1-${unique}@example.test"}], "password": "Page-password-1"}
      """
    And I advance the clock by "1s"
    And I send a POST request to "/management/v4/${tenantId}/cloud_directory/Users" with JSON:
      """
      {"emails": [{"value": "p2-${unique}@example.test"}], "password": "Page-password-1"}
      """
    And I send a GET request to "/management/v4/${tenantId}/cloud_directory/Users?startIndex=2&count=1"
    Then the response status should be 200
    And the response field "totalResults" should be the number 2
    And the response field "itemsPerPage" should be the number 1
    And the response field "Resources[0].emails[0].value" should be "p2-${unique}@example.test"

  Scenario: a page size over 100 is a SCIM 400
    When I send a GET request to "/management/v4/${tenantId}/cloud_directory/Users?count=101"
    Then the response status should be 400
    And the response field "scimType" should be "invalidValue"
