Feature: The entity API
  User records of an entity type: created, read by uuid, id or a unique key attribute,
  searched and counted with filters, merged, replaced and deleted, every write checked
  against the schema.

  Background:
    When I call "/entity.create" with:
      | type_name      | user                                                                                        |
      | attributes     | {"email":"ent-${unique}@example.test","givenName":"Ent","primaryAddress":{"city":"Oslo"}} |
      | include_record | true                                                                                        |
    Then the response should be a Capture success
    And the response field "uuid" should match "^[0-9a-f-]{36}$"
    And the response field "result.givenName" should be "Ent"
    And I store the response field "uuid" as "uuid"
    And I store the response field "id" as "id"

  Scenario: read a record by uuid, by id and by key attribute
    When I call "/entity" with:
      | type_name | user    |
      | uuid      | ${uuid} |
    Then the response should be a Capture success
    And the response field "result.email" should be "ent-${unique}@example.test"
    And the response field "result.familyName" should be null
    And the response field "result.primaryAddress.city" should be "Oslo"
    And the response field "result.created" should match "^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} \+0000$"
    When I call "/entity" with:
      | type_name  | user                      |
      | id         | ${id}                     |
      | attributes | ["givenName"]             |
    Then the response field "result.givenName" should be "Ent"
    And the response field "result.email" should not exist
    When I call "/entity" with:
      | type_name      | user                          |
      | key_attribute  | email                         |
      | key_value      | "ent-${unique}@example.test"  |
      | attribute_name | primaryAddress.city           |
    Then the response field "result" should be "Oslo"

  Scenario: selector mistakes
    When I call "/entity" with:
      | type_name | user    |
      | uuid      | ${uuid} |
      | id        | ${id}   |
    Then the response should be the Capture error 201 "duplicate_argument"
    When I call "/entity" with:
      | type_name | user |
    Then the response should be the Capture error 100 "missing_argument"
    And the response field "argument_name" should be "uuid"
    When I call "/entity" with:
      | type_name | user       |
      | uuid      | not-a-uuid |
    Then the response should be the Capture error 200 "invalid_argument"
    When I call "/entity" with:
      | type_name | nosuchtype${unique} |
      | uuid      | ${uuid}             |
    Then the response should be the Capture error 222 "unknown_entity_type"

  Scenario: update merges and replace overwrites
    When I call "/entity.update" with:
      | type_name  | user                                                               |
      | uuid       | ${uuid}                                                            |
      | attributes | {"familyName":"Ity","statuses":[{"status":"new"}],"primaryAddress":{"zip":"0150"}} |
    Then the response should be a Capture success
    When I call "/entity" with:
      | type_name | user    |
      | uuid      | ${uuid} |
    Then the response field "result.givenName" should be "Ent"
    And the response field "result.familyName" should be "Ity"
    And the response field "result.primaryAddress.city" should be "Oslo"
    And the response field "result.statuses" should have 1 item
    And I store the response field "result.statuses[0].id" as "statusId"
    When I call "/entity.update" with:
      | type_name      | user                    |
      | uuid           | ${uuid}                 |
      | attribute_name | statuses#${statusId}    |
      | attributes     | {"status":"active"}     |
    Then the response should be a Capture success
    When I call "/entity.replace" with:
      | type_name      | user                                       |
      | uuid           | ${uuid}                                    |
      | attributes     | {"email":"ent-${unique}@example.test"}     |
      | include_record | true                                       |
    Then the response should be a Capture success
    And the response field "result.givenName" should be null
    And the response field "result.statuses" should have 0 items

  Scenario: writes are checked against the schema
    When I call "/entity.update" with:
      | type_name  | user              |
      | uuid       | ${uuid}           |
      | attributes | {"givenName":42}  |
    Then the response should be the Capture error 341 "invalid_json_type"
    When I call "/entity.update" with:
      | type_name  | user                   |
      | uuid       | ${uuid}                |
      | attributes | {"birthday":"someday"} |
    Then the response should be the Capture error 342 "invalid_date_time"
    When I call "/entity.update" with:
      | type_name  | user                  |
      | uuid       | ${uuid}               |
      | attributes | {"nosuch${unique}":1} |
    Then the response should be the Capture error 223 "unknown_attribute"
    When I call "/entity.update" with:
      | type_name  | user                         |
      | uuid       | ${uuid}                      |
      | attributes | {"created":"2001-01-01"}     |
    Then the response should be the Capture error 234 "reserved_attribute"
    When I call "/entity.update" with:
      | type_name  | user      |
      | uuid       | ${uuid}   |
      | attributes | {"email": |
    Then the response should be the Capture error 200 "invalid_argument"
    And the response field "argument_name" should be "attributes"
    When I call "/entity.create" with:
      | type_name  | user       |
      | attributes | {"id":7}   |
    Then the response should be the Capture error 320 "id_in_new_record"
    When I call "/entity.update" with:
      | type_name  | user                          |
      | uuid       | ${uuid}                       |
      | attributes | {"password":{"type":"md5"}}   |
    Then the response should be the Capture error 340 "invalid_data_format"

  Scenario: optimistic concurrency with lastUpdated
    When I call "/entity.update" with:
      | type_name   | user                       |
      | uuid        | ${uuid}                    |
      | lastUpdated | 2001-01-01 00:00:00 +0000  |
      | attributes  | {"givenName":"Late"}       |
    Then the response should be the Capture error 330 "timestamp_mismatch"
    And the response field "attribute_name" should be "lastUpdated"

  Scenario: find and count with a filter
    When I call "/entity.find" with:
      | type_name        | user                                      |
      | filter           | email = 'ent-${unique}@example.test'      |
      | attributes       | ["uuid","givenName"]                      |
      | sort_on          | ["-lastUpdated"]                          |
      | max_results      | 5                                         |
      | show_total_count | true                                      |
    Then the response should be a Capture success
    And the response field "result_count" should be the number 1
    And the response field "total_count" should be the number 1
    And the response field "results[0].givenName" should be "Ent"
    When I call "/entity.count" with:
      | type_name | user                                                                  |
      | filter    | email = 'ent-${unique}@example.test' and primaryAddress.city is not null |
    Then the response field "total_count" should be the number 1
    When I call "/entity.count" with:
      | type_name | user                   |
      | filter    | email = 'unterminated  |
    Then the response should be the Capture error 200 "invalid_argument"
    And the response field "argument_name" should be "filter"

  Scenario: bulk creation reports each record
    When I call "/entity.bulkCreate" with:
      | type_name      | user                                                                   |
      | all_attributes | [{"email":"bulk1-${unique}@example.test"},{"givenName":5},{"email":"bulk3-${unique}@example.test"}] |
    Then the response should be a Capture success
    And the response field "results" should have 3 items
    And the response field "results[1].code" should be the number 341
    And the response field "uuid_results[0]" should match "^[0-9a-f-]{36}$"
    When I call "/entity.count" with:
      | type_name | user                                   |
      | filter    | email = 'bulk3-${unique}@example.test' |
    Then the response field "total_count" should be the number 1

  Scenario: delete a plural element, then the record
    When I call "/entity.update" with:
      | type_name      | user                                          |
      | uuid           | ${uuid}                                       |
      | attributes     | {"photos":[{"type":"avatar","value":"a.png"}]} |
      | include_record | true                                          |
    Then I store the response field "result.photos[0].id" as "photoId"
    When I call "/entity.delete" with:
      | type_name      | user               |
      | uuid           | ${uuid}            |
      | attribute_name | photos#${photoId}  |
    Then the response should be a Capture success
    When I call "/entity" with:
      | type_name | user    |
      | uuid      | ${uuid} |
    Then the response field "result.photos" should have 0 items
    When I call "/entity.delete" with:
      | type_name | user    |
      | uuid      | ${uuid} |
    Then the response should be a Capture success
    When I call "/entity" with:
      | type_name | user    |
      | uuid      | ${uuid} |
    Then the response should be the Capture error 310 "record_not_found"

  Scenario: deleteAccess ends the user's tokens
    When I call "/access/getAccessToken" with:
      | type_name | user    |
      | uuid      | ${uuid} |
    Then I store the response field "accessToken" as "token"
    When I call "/entity.deleteAccess" with:
      | type_name | user    |
      | uuid      | ${uuid} |
    Then the response should be a Capture success
    When I call "/entity" without credentials with:
      | type_name    | user     |
      | access_token | ${token} |
    Then the response should be the Capture error 413 "no_access_grant"

  @emulator
  Scenario: email addresses are unique, whatever their case
    When I call "/entity.create" with:
      | type_name  | user                                   |
      | attributes | {"email":"ENT-${unique}@example.test"} |
    Then the response should be the Capture error 361 "unique_violation"
