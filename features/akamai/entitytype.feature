Feature: The entityType API
  Entity types are schemas: attributes with types and constraints, validation rules,
  password history and per-client access schemas, all enforced on every write.

  Scenario: list entity types and read the user schema
    When I call "/entityType.list"
    Then the response should be a Capture success
    And the response field "results" should exist
    When I call "/entityType" with:
      | type_name       | user |
      | remove_reserved | true |
    Then the response should be a Capture success
    And the response field "schema.attr_defs" should contain an item with "name" equal to "email"

  @emulator
  Scenario: create a type, add and remove attributes, set constraints
    When I call "/entityType.create" with:
      | type_name | pet${unique}                                                                           |
      | attr_defs | [{"name":"name","type":"string","length":10,"constraints":["required"]},{"name":"tag","type":"string"}] |
    Then the response should be a Capture success
    And the response field "schema.attr_defs[0].name" should be "id"
    And the response field "schema.attr_defs[4].name" should be "name"
    When I call "/entityType.create" with:
      | type_name | pet${unique} |
      | attr_defs | []           |
    Then the response should be the Capture error 232 "entity_type_exists"
    When I call "/entityType.addAttribute" with:
      | type_name | pet${unique}                          |
      | attr_def  | {"name":"weight","type":"decimal"}    |
    Then the response should be a Capture success
    And the response field "schema.attr_defs" should contain an item with "name" equal to "weight"
    When I call "/entityType.addAttribute" with:
      | type_name | pet${unique}                        |
      | attr_def  | {"name":"tag","type":"string"}      |
    Then the response should be the Capture error 233 "attribute_exists"
    When I call "/entityType.setAttributeConstraints" with:
      | type_name      | pet${unique}            |
      | attribute_name | tag                     |
      | constraints    | ["unique","alphanumeric"] |
    Then the response should be a Capture success
    When I call "/entity.create" with:
      | type_name  | pet${unique}                  |
      | attributes | {"name":"Rex","tag":"A1"}     |
    Then the response should be a Capture success
    When I call "/entity.create" with:
      | type_name  | pet${unique}                  |
      | attributes | {"name":"Max","tag":"A1"}     |
    Then the response should be the Capture error 361 "unique_violation"
    When I call "/entity.create" with:
      | type_name  | pet${unique}                  |
      | attributes | {"name":"Max","tag":"A-1"}    |
    Then the response should be the Capture error 360 "constraint_violation"
    When I call "/entity.create" with:
      | type_name  | pet${unique}        |
      | attributes | {"tag":"B2"}        |
    Then the response should be the Capture error 362 "missing_required_attribute"
    When I call "/entity.create" with:
      | type_name  | pet${unique}                          |
      | attributes | {"name":"Maximilianus","tag":"B2"}    |
    Then the response should be the Capture error 363 "length_violation"
    When I call "/entityType.removeAttribute" with:
      | type_name      | pet${unique} |
      | attribute_name | /tag         |
    Then the response should be a Capture success
    When I call "/entityType.removeAttribute" with:
      | type_name      | pet${unique} |
      | attribute_name | uuid         |
    Then the response should be the Capture error 234 "reserved_attribute"

  @emulator
  Scenario: validation rules: add, apply, list, remove
    When I call "/entityType.addRule" with:
      | type_name   | user                                                |
      | attributes  | ["/middleName"]                                     |
      | description | middle names are initials                           |
      | definition  | {"and":["to-upper",{"match-all":"[A-Z]"}]}          |
    Then the response should be a Capture success
    And I store the response field "result.uuid" as "rule"
    When I call "/entityType.rules" with:
      | type_name | user |
    Then the response field "results" should contain an item with "uuid" equal to "${rule}"
    When I call "/entity.create" with:
      | type_name      | user                                                      |
      | attributes     | {"email":"rule-${unique}@example.test","middleName":"q"}  |
      | include_record | true                                                      |
    Then the response field "result.middleName" should be "Q"
    When I call "/entity.create" with:
      | type_name  | user                                                          |
      | attributes | {"email":"rule2-${unique}@example.test","middleName":"Quin"}  |
    Then the response should be the Capture error 360 "constraint_violation"
    When I call "/entityType.removeRule" with:
      | type_name | user    |
      | uuid      | ${rule} |
    Then the response should be a Capture success
    When I call "/entityType.addRule" with:
      | type_name  | user             |
      | attributes | ["/middleName"]  |
      | definition | {"shout":true}   |
    Then the response should be the Capture error 200 "invalid_argument"

  @emulator
  Scenario: password history refuses a recent password
    When I call "/entityType.setPasswordSettings" with:
      | type_name | user               |
      | settings  | {"historySize":3}  |
    Then the response should be a Capture success
    And the response field "settings.historySize" should be the number 3
    When I call "/entity.create" with:
      | type_name  | user                                                         |
      | attributes | {"email":"hist-${unique}@example.test","password":"Pass-one-1"} |
    Then I store the response field "uuid" as "uuid"
    When I call "/entity.update" with:
      | type_name  | user                        |
      | uuid       | ${uuid}                     |
      | attributes | {"password":"Pass-two-2"}   |
    Then the response should be a Capture success
    When I call "/entity.update" with:
      | type_name  | user                        |
      | uuid       | ${uuid}                     |
      | attributes | {"password":"Pass-one-1"}   |
    Then the response should be the Capture error 360 "constraint_violation"
    When I call "/entity" with:
      | type_name          | user       |
      | uuid               | ${uuid}    |
      | password_attribute | password   |
      | password_value     | Pass-one-1 |
    Then the response should be the Capture error 350 "invalid_password_value"
    When I call "/entityType.setPasswordSettings" with:
      | type_name | user               |
      | settings  | {"historySize":0}  |
    Then the response should be a Capture success

  @emulator
  Scenario: access schemas restrict what a client reads and writes
    When I call "/clients/add" with:
      | description | narrow ${unique}    |
      | features    | ["direct_access"]   |
    Then I store the response field "client_id" as "narrow"
    And I store the response field "client_secret" as "narrowSecret"
    When I call "/entityType.setAccessSchema" with:
      | type_name     | user                    |
      | for_client_id | ${narrow}               |
      | access_type   | read                    |
      | attributes    | ["email","givenName"]   |
    Then the response should be a Capture success
    When I call "/entityType.setAccessSchema" with:
      | type_name     | user            |
      | for_client_id | ${narrow}       |
      | access_type   | write           |
      | attributes    | ["givenName"]   |
    Then the response should be a Capture success
    When I call "/entityType.getAccessSchema" with:
      | type_name     | user      |
      | for_client_id | ${narrow} |
      | access_type   | read      |
    Then the response field "schema.attr_defs" should have 6 items
    When I call "/entity.create" without credentials with:
      | type_name     | user                          |
      | attributes    | {"familyName":"Hidden"}       |
      | client_id     | ${narrow}                     |
      | client_secret | ${narrowSecret}               |
    Then the response should be the Capture error 223 "unknown_attribute"
    When I call "/entity.create" without credentials with:
      | type_name      | user                       |
      | attributes     | {"givenName":"Seen"}       |
      | include_record | true                       |
      | client_id      | ${narrow}                  |
      | client_secret  | ${narrowSecret}            |
    Then the response should be a Capture success
    And the response field "result.givenName" should be "Seen"
    And the response field "result.familyName" should not exist
    When I call "/entityType.setAccessSchema" with:
      | type_name     | user      |
      | for_client_id | ${narrow} |
      | access_type   | read      |
      | attributes    | ["id"]    |
    Then the response should be the Capture error 500 "unexpected_error"
    When I call "/entityType.deleteAccessSchema" with:
      | type_name     | user      |
      | for_client_id | ${narrow} |
      | access_type   | read      |
    Then the response should be a Capture success
    And the response field "result" should be "access schema was deleted."
