Feature: Export and import of users and profiles
  Cloud Directory users are exported with their profile attributes, role names and
  password hashes encrypted with the caller's encryption_secret; importing them with
  the same secret adds them with new ids, and they sign in with their old passwords.
  Profiles are exported and imported with their identities. Only Manager may do this.

  @emulator
  Scenario: Cloud Directory users round-trip through export and import
    Given a fresh App ID tenant
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/sign_up?shouldCreateProfile=true" with JSON:
      """
      {"emails": [{"value": "exp-${unique}@example.test"}], "password": "Export-password-1", "userName": "exp${unique}"}
      """
    And I store the response field "id" as "user"
    And I send a GET request to "/management/v4/${tenantId}/cloud_directory/${user}/userinfo"
    And I store the response field "sub" as "profile"
    And I send a PUT request to "/management/v4/${tenantId}/users/${profile}/profile" with JSON:
      """
      {"attributes": {"plan": "gold"}}
      """
    And I send a GET request to "/management/v4/${tenantId}/cloud_directory/export?encryption_secret=s3cret-${unique}&startIndex=0&count=50"
    Then the response status should be 200
    And the response field "totalResults" should be the number 1
    And the response field "users[0].scimUser.userName" should be "exp${unique}"
    And the response field "users[0].passwordHashAlg" should exist
    And the response field "users[0].passwordHash" should exist
    And the response field "users[0].profile.attributes.plan" should be "gold"
    And the response field "users[0].roles" should have 0 items
    And I store the response field "users" as JSON "exported"
    When I send a DELETE request to "/management/v4/${tenantId}/cloud_directory/remove/${user}"
    Then the response status should be 204
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/import?encryption_secret=wrong" with JSON:
      """
      {"users": ${exported}}
      """
    Then the response status should be 200
    And the response field "added" should be the number 0
    And the response field "failed" should be the number 1
    And the response field "failReasons[0].originalId" should be "${user}"
    And the response field "failReasons[0].error" should exist
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/import?encryption_secret=s3cret-${unique}" with JSON:
      """
      {"users": ${exported}}
      """
    Then the response status should be 200
    And the response field "added" should be the number 1
    And the response field "failed" should be the number 0
    When I send a POST request to "/management/v4/${tenantId}/cloud_directory/import?encryption_secret=s3cret-${unique}" with JSON:
      """
      {"users": ${exported}}
      """
    Then the response field "failed" should be the number 1
    When I send a GET request to "/management/v4/${tenantId}/cloud_directory/Users?query=exp-${unique}@example.test"
    Then the response field "Resources[0].userName" should be "exp${unique}"
    And I store the response field "Resources[0].id" as "imported"
    When I send a POST request to "/management/v4/${tenantId}/applications" with JSON:
      """
      {"name": "importer"}
      """
    And I store the response field "clientId" as "client"
    And I store the response field "secret" as "secret"
    Given I use basic credentials "${client}" and "${secret}"
    When I send a POST request to "/oauth/v4/${tenantId}/token" with form:
      | grant_type | password                   |
      | username   | exp-${unique}@example.test |
      | password   | Export-password-1          |
    Then the response status should be 200

  Scenario Outline: a Cloud Directory <operation> with <case> is a SCIM 400
    Given I am authenticated as the client
    When I send a <method> request to "/management/v4/${tenantId}/cloud_directory/<path>" with JSON:
      """
      <body>
      """
    Then the response status should be 400
    And the response field "schemas[0]" should be "urn:ietf:params:scim:api:messages:2.0:Error"

    Examples:
      | operation | case                         | method | path                                      | body                 |
      | import    | no encryption_secret         | POST   | import                                    | {"users": []}        |
      | import    | no users                     | POST   | import?encryption_secret=s                | {}                   |
      | import    | a user without its hash      | POST   | import?encryption_secret=s                | {"users": [{"scimUser": {}, "passwordHashAlg": "x", "profile": {"attributes": {}}, "roles": []}]} |

  Scenario Outline: an export with <case> is 400
    Given I am authenticated as the client
    When I send a GET request to "/management/v4/${tenantId}/<path>"
    Then the response status should be 400
    And the response field "<field>" should exist

    Examples:
      | case                 | path                                                | field   |
      | no encryption_secret | cloud_directory/export                              | scimType |
      | a page over 50       | cloud_directory/export?encryption_secret=s&count=51 | scimType |
      | a page over 50       | users/export?count=51                               | code    |

  @emulator
  Scenario: profiles round-trip through export and import
    Given a fresh App ID tenant
    When I send a POST request to "/management/v4/${tenantId}/users" with JSON:
      """
      {"idp": "saml", "idp-identity": "saml-${unique}", "profile": {"attributes": {"tier": "silver"}}}
      """
    Then the response status should be 201
    And I store the response field "id" as "profile"
    When I send a GET request to "/management/v4/${tenantId}/users/export?startIndex=0&count=10"
    Then the response status should be 200
    And the response field "totalResults" should be the number 1
    And the response field "users[0].id" should be "${profile}"
    And the response field "users[0].identities[0].provider" should be "saml"
    And the response field "users[0].identities[0].id" should be "saml-${unique}"
    And the response field "users[0].attributes.tier" should be "silver"
    And the response field "users[0].idp" should be "saml"
    And I store the response field "users" as JSON "exported"
    When I send a DELETE request to "/management/v4/${tenantId}/users/${profile}"
    Then the response status should be 204
    When I send a POST request to "/management/v4/${tenantId}/users/import" with JSON:
      """
      {"users": ${exported}}
      """
    Then the response status should be 200
    And the response field "added" should be the number 1
    When I send a POST request to "/management/v4/${tenantId}/users/import" with JSON:
      """
      {"users": ${exported}}
      """
    Then the response field "failed" should be the number 1
    And the response field "failReasons[0].originalId" should be "${profile}"
    And the response field "failReasons[0].idp" should be "saml"
    When I send a GET request to "/management/v4/${tenantId}/users?dataScope=full&id=saml-${unique}"
    Then the response field "users[0].attributes.tier" should be "silver"

  Scenario Outline: a profile <operation> with <case> is 400
    Given I am authenticated as the client
    When I send a <method> request to "/management/v4/${tenantId}/users/<path>" with JSON:
      """
      <body>
      """
    Then the response status should be 400
    And the response field "code" should be "BAD_REQUEST"

    Examples:
      | operation | case                    | method | path               | body                                  |
      | import    | no users                | POST   | import             | {}                                    |
      | import    | a profile without an id | POST   | import             | {"users": [{"identities": [], "attributes": {}}]} |
