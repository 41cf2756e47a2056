Feature: The entity.find filter language
  Filters compare attributes with quoted strings, numbers and booleans, test for null,
  and combine conditions with not, and, or and parentheses.

  Background:
    When I call "/entity.bulkCreate" with:
      | type_name      | user |
      | all_attributes | [{"email":"f1-${unique}@example.test","givenName":"Ann-${unique}","birthday":"1990-05-01"},{"email":"f2-${unique}@example.test","givenName":"Bob-${unique}","birthday":"1970-01-01"},{"email":"f3-${unique}@example.test","givenName":"Cid-${unique}"}] |
    Then the response should be a Capture success

  Scenario Outline: counting with a filter
    When I call "/entity.count" with:
      | type_name | user     |
      | filter    | <filter> |
    Then the response should be a Capture success
    And the response field "total_count" should be the number <count>

    Examples:
      | filter                                                                                         | count |
      | email = 'f1-${unique}@example.test'                                                            | 1     |
      | givenName = 'Bob-${unique}' or givenName = 'Cid-${unique}'                                     | 2     |
      | (givenName = 'Ann-${unique}' or givenName = 'Bob-${unique}') and birthday > '1980-01-01'       | 1     |
      | givenName = 'Cid-${unique}' and birthday is null                                               | 1     |
      | not birthday is null and email = 'f2-${unique}@example.test'                                   | 1     |
      | 'Ann-${unique}' = givenName                                                                    | 1     |

  Scenario Outline: filters that are refused
    When I call "/entity.count" with:
      | type_name | user     |
      | filter    | <filter> |
    Then the response should be the Capture error <code> "<error>"

    Examples:
      | filter                        | code | error            |
      | givenName =                   | 200  | invalid_argument |
      | (givenName = 'x'              | 200  | invalid_argument |
      | nosuchattribute = 1           | 200  | invalid_argument |
      | birthday > 'not a date'       | 200  | invalid_argument |
      | email contains 'example'      | 485  | removed_filter_operator |
